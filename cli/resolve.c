#include "cli/resolve.h"

#include <stdio.h>
#include <string.h>

const pack_file *resolve_scenario(const pack_set *set, const char *ref, const pack **out_pack,
                                  scn_meta *meta, char *why, size_t why_cap)
{
    const char *slash = strchr(ref, '/');
    if (!slash || slash == ref || !slash[1]) {
        snprintf(why, why_cap, "'%s' is not PACK/SCENARIO (try `bdw pack list`)", ref);
        return NULL;
    }
    char pack_name[256];
    snprintf(pack_name, sizeof pack_name, "%.*s", (int)(slash - ref), ref);
    const pack *p = pack_set_find(set, pack_name);
    if (!p) {
        snprintf(why, why_cap, "no pack '%s' (try `bdw pack list`)", pack_name);
        return NULL;
    }
    const char *name = slash + 1;
    const pack_file *f = pack_find_scenario(p, name);
    lhost_error err;
    if (f) {
        if (!scn_read_meta(f->path, f->display, meta, &err)) {
            snprintf(why, why_cap, "%s", err.message);
            return NULL;
        }
        *out_pack = p;
        return f;
    }
    for (size_t i = 0; i < p->nscenarios; i++) {
        if (scn_read_meta(p->scenarios[i].path, p->scenarios[i].display, meta, &err) &&
            strcmp(meta->id, name) == 0) {
            *out_pack = p;
            return &p->scenarios[i];
        }
    }
    snprintf(why, why_cap, "pack '%s' has no scenario '%s' (try `bdw pack list`)", p->id, name);
    return NULL;
}
