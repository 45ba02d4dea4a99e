#ifndef TESTS_STRMATCH_CASES_H
#define TESTS_STRMATCH_CASES_H

/* What test_strmatch.c runs through ours and the real find, match, gmatch
 * and gsub: a Lua harness that compares the two, and a table of cases.
 *
 * In the table, `init` is the third argument (for gsub, the fourth: the
 * most replacements), written as Lua would read it (a string that is not a
 * number stays a string) or NULL for none; `repl` is gsub's replacement,
 * NULL for "[%0]", or one of the harness's named values: "=fn" (a function
 * that logs its arguments), "=tab" (a table), "=badfn" (a function giving a
 * table), "=num" (the number 42), "=bool" (true), "=nil". */

/* The harness, run in the test state once ours are installed in `string`
 * and the real ones are kept as real_find, real_match, ...
 * compare(s, p, init, repl) runs find, plain find, match, gmatch and gsub
 * through both and returns nil, or a description of every difference. The
 * functions are called as f.find(...), the same expression for both, so
 * argument errors name them alike. */
static const char strmatch_harness[] =
    "local ours = {find = string.find, match = string.match, gmatch = string.gmatch,\n"
    "              gsub = string.gsub}\n"
    "local real = {find = real_find, match = real_match, gmatch = real_gmatch,\n"
    "              gsub = real_gsub}\n"
    "local fmt = string.format\n"
    "local function show(...)\n"
    "  local t = table.pack(...)\n"
    "  local out = {tostring(t.n)}\n"
    "  for i = 1, t.n do\n"
    "    local v = t[i]\n"
    "    out[#out + 1] = type(v) == 'string' and fmt('%q', v) or math.type(v) or type(v)\n"
    "    if type(v) == 'number' or type(v) == 'boolean' then out[#out] = out[#out] ..\n"
    "      ':' .. tostring(v) end\n"
    "  end\n"
    "  return table.concat(out, ' ')\n"
    "end\n"
    "local tab = {a = 'A', b = false, abc = 'ABC', hello = 1.5, [1] = 'one', [4] = 44}\n"
    "local function replacement(kind, log)\n"
    "  if kind == nil then return '[%0]' end\n"
    "  if kind == '=nil' then return nil end\n"
    "  if kind == '=num' then return 42 end\n"
    "  if kind == '=bool' then return true end\n"
    "  if kind == '=tab' then return tab end\n"
    "  if kind == '=badfn' then return function() return {} end end\n"
    "  if kind == '=fn' then\n"
    "    return function(...)\n"
    "      log[#log + 1] = show(...)\n"
    "      local a = ...\n"
    "      if a == 'x' or a == '' then return nil end\n"
    "      if a == 'world' then return false end\n"
    "      if math.type(a) == 'integer' then return a * 2 end\n"
    "      return '<' .. tostring(a) .. '>'\n"
    "    end\n"
    "  end\n"
    "  return kind\n"
    "end\n"
    "local function outcome(run, f)\n"
    "  local ok, r = pcall(run, f)\n"
    "  return (ok and 'ok ' or 'error ') .. tostring(r)\n"
    "end\n"
    "function compare(s, p, init, repl)\n"
    "  local diffs = {}\n"
    "  local function same(what, run)\n"
    "    local a, b = outcome(run, ours), outcome(run, real)\n"
    "    if a ~= b then\n"
    "      diffs[#diffs + 1] = what .. '\\n  ours: ' .. a .. '\\n  real: ' .. b\n"
    "    end\n"
    "  end\n"
    "  same('find', function(f) return show(f.find(s, p, init)) end)\n"
    "  same('plain find', function(f) return show(f.find(s, p, init, true)) end)\n"
    "  same('match', function(f) return show(f.match(s, p, init)) end)\n"
    "  same('gmatch', function(f)\n"
    "    local out = {}\n"
    "    local it = f.gmatch(s, p, init)\n"
    "    for _ = 1, 1000 do\n"
    "      local t = table.pack(it())\n"
    "      out[#out + 1] = show(table.unpack(t, 1, t.n))\n"
    "      if t.n == 0 then break end\n"
    "    end\n"
    "    return table.concat(out, ' | ')\n"
    "  end)\n"
    "  same('gsub', function(f)\n"
    "    local log = {}\n"
    "    local r = show(f.gsub(s, p, replacement(repl, log), init))\n"
    "    return r .. ' calls ' .. table.concat(log, '; ')\n"
    "  end)\n"
    "  if #diffs > 0 then return table.concat(diffs, '\\n') end\n"
    "end\n"
    /* Random cases: patterns built from items that exercise every feature,
     * on short subjects from a small alphabet, so most patterns match
     * somewhere; math.random is seeded, so the cases are the same every
     * run. */
    "local items = {'a', 'b', '.', '%a', '%d', '%s', '%W', '[ab]', '[^a]', '[a-c]', '[%d)]',\n"
    "  '*', '+', '-', '?', '(', ')', '()', '%1', '%2', '%b()', '%f[a]', '%f[%W]', '^', '$',\n"
    "  '%', '[', ']', 'x', '\\0', '%z', '[]]'}\n"
    "local letters = {'a', 'b', 'c', '(', ')', ' ', '1', 'x', '\\0', '\\255'}\n"
    "local repls = {'%0', '<%1>', '%2', '%%', '%', 'z', '=fn', '=tab', '=num'}\n"
    "function random_cases(n, seed)\n"
    "  math.randomseed(seed)\n"
    "  for i = 1, n do\n"
    "    local p, s = {}, {}\n"
    "    for _ = 1, math.random(0, 7) do p[#p + 1] = items[math.random(#items)] end\n"
    "    for _ = 1, math.random(0, 10) do s[#s + 1] = letters[math.random(#letters)] end\n"
    "    local init = math.random(0, 3) > 0 and math.random(-12, 12) or nil\n"
    "    local sp, pp = table.concat(s), table.concat(p)\n"
    "    local d = compare(sp, pp, init, repls[math.random(#repls)])\n"
    "    if d then return fmt('case %d: s=%q p=%q init=%s\\n%s', i, sp, pp,\n"
    "                         tostring(init), d) end\n"
    "  end\n"
    "end\n";

typedef struct strmatch_case {
    const char *s;
    const char *p;
    const char *init;
    const char *repl;
} strmatch_case;

static const strmatch_case strmatch_cases[] = {
    /* Plain text, positions and init. */
    {"hello world", "o w", NULL, NULL},
    {"hello world", "o", "5", NULL},
    {"hello world", "o", "6", NULL},
    {"hello world", "l", "-3", NULL},
    {"hello world", "l", "-100", NULL},
    {"hello world", "l", "-2", NULL},
    {"hello world", "d", "-1", NULL},
    {"hello world", "h", "-11", NULL},
    {"hello world", "h", "-12", NULL},
    {"hello world", "l", "0", NULL},
    {"hello world", "d", "11", NULL},
    {"hello world", "", "12", NULL},
    {"hello world", "", "13", NULL},
    {"hello world", "", "-1", NULL},
    {"hello world", "x", "9223372036854775807", NULL},
    {"hello world", "o", "-9223372036854775808", NULL},
    {"hello world", "o", "2.0", NULL},
    {"hello world", "o", "1.5", NULL},
    {"hello world", "o", "x", NULL},
    {"hello world", "o", "0x3", NULL},
    {"", "", NULL, NULL},
    {"", "a", NULL, NULL},
    {"", "^$", NULL, NULL},
    {"abc", "", NULL, "-"},
    {"abc", "abcd", NULL, NULL},
    {"aaab", "aab", NULL, NULL},
    {"a.b(c)", ".b(", NULL, NULL},
    {"a+b", "a+b", NULL, NULL},
    {"x^y", "^y", NULL, NULL},
    {"x^y", "x^", NULL, NULL},
    /* Anchors. */
    {"hello", "^h", NULL, NULL},
    {"hello", "^e", NULL, NULL},
    {"hello", "^e", "2", NULL},
    {"hello", "o$", NULL, NULL},
    {"hello", "l$", NULL, NULL},
    {"a$b", "a$b", NULL, NULL},
    {"a$b", "$b", NULL, NULL},
    {"a$", "$$", NULL, NULL},
    {"abc", "^", NULL, "x"},
    {"abc", "$", NULL, "x"},
    {"abc", "^$", NULL, NULL},
    {"aaa", "^a", NULL, "b"},
    {"^a^a", "^a", NULL, NULL},
    /* Classes and their complements. */
    {"Hello, World 42!\t\n", "%a+", NULL, NULL},
    {"Hello, World 42!\t\n", "%A+", NULL, NULL},
    {"a\001b\177c", "%c", NULL, NULL},
    {"a\001b\177c", "%C+", NULL, NULL},
    {"abc 123 x9", "%d+", NULL, NULL},
    {"abc 123 x9", "%D+", NULL, NULL},
    {"a b\tc", "%g+", NULL, NULL},
    {"a b\tc", "%G", NULL, NULL},
    {"aBcD", "%l+", NULL, NULL},
    {"aBcD", "%L+", NULL, NULL},
    {"a,b.c!d", "%p", NULL, NULL},
    {"a,b.c!d", "%P+", NULL, NULL},
    {"a \t\n\v\fb", "%s+", NULL, NULL},
    {"a \t\n\v\fb", "%S+", NULL, NULL},
    {"aBcD", "%u+", NULL, NULL},
    {"aBcD", "%U+", NULL, NULL},
    {"foo_bar9 baz", "%w+", NULL, NULL},
    {"foo_bar9 baz", "%W+", NULL, NULL},
    {"0xDeadBeefZ", "%x+", NULL, NULL},
    {"0xDeadBeefZ", "%X+", NULL, NULL},
    {"caf\xc3\xa9 \xff\x80", "%a+", NULL, NULL},
    {"caf\xc3\xa9 \xff\x80", "%A+", NULL, NULL},
    {"caf\xc3\xa9 \xff\x80", "[\x80-\xff]+", NULL, NULL},
    {"caf\xc3\xa9 \xff\x80", "%p", NULL, NULL},
    {"50% off", "%%", NULL, NULL},
    {"a.b", "%.", NULL, NULL},
    {"a]b", "%]", NULL, NULL},
    {"a-b", "%-", NULL, NULL},
    {"a(b", "%(", NULL, NULL},
    {"aqb", "%q", NULL, NULL},
    {"a b", "%z", NULL, NULL},
    {"a b", "%Z+", NULL, NULL},
    /* Sets. */
    {"the quick brown fox", "[aeiou]+", NULL, NULL},
    {"the quick brown fox", "[^aeiou ]+", NULL, NULL},
    {"the quick brown fox", "[a-f]", NULL, NULL},
    {"x = foo_bar1 + 2", "[%a_][%w_]*", NULL, NULL},
    {"a]b]]c", "[]]+", NULL, NULL},
    {"a]b]]c", "[^]]+", NULL, NULL},
    {"a-b", "[a-]+", NULL, NULL},
    {"a-b", "[-a]+", NULL, NULL},
    {"a-b", "[%-]", NULL, NULL},
    {"a]b", "[%]]", NULL, NULL},
    {"abc", "[z-a]", NULL, NULL},
    {"a%b", "[a-%%]+", NULL, NULL},
    {"5x9", "[%d-z]+", NULL, NULL},
    {"a^b", "[b^]+", NULL, NULL},
    {"a^b", "[^^]+", NULL, NULL},
    {"ab12", "[%D]+", NULL, NULL},
    {"abc", "[a", NULL, NULL},
    {"abc", "[^", NULL, NULL},
    {"abc", "[", NULL, NULL},
    {"abc", "[%", NULL, NULL},
    {"abc", "[a%]", NULL, NULL},
    {"abc", "[]", NULL, NULL},
    {"abc", "[^]", NULL, NULL},
    {"a]", "[]]", NULL, NULL},
    /* Repetition. */
    {"aaab", "a*", NULL, NULL},
    {"aaab", "a+", NULL, NULL},
    {"aaab", "a-", NULL, NULL},
    {"aaab", "a-b", NULL, NULL},
    {"aaab", "a?", NULL, NULL},
    {"aaab", "a?a?a?a?b", NULL, NULL},
    {"xyz", "x?y?z?w?", NULL, NULL},
    {"<a><b>", "<.->", NULL, NULL},
    {"<a><b>", "<.*>", NULL, NULL},
    {"<a><b>", "<[^>]*>", NULL, NULL},
    {"abc", ".-", NULL, NULL},
    {"abc", ".-$", NULL, NULL},
    {"abc", "^.-$", NULL, NULL},
    {"abc", "b*", NULL, "-"},
    {"abc", "x*", NULL, "-"},
    {"abc", "x-", NULL, "-"},
    {"aaa", "a*?", NULL, NULL},
    {"a+b", "a+?", NULL, NULL},
    {"a*", "*", NULL, NULL},
    {"a+", "+a", NULL, NULL},
    {"  trim me  ", "^%s*(.-)%s*$", NULL, NULL},
    {"key = value", "^(%w+)%s*=%s*(%w+)$", NULL, NULL},
    /* Captures. */
    {"hello world", "(o)(r)", NULL, NULL},
    {"hello world", "((l)(l))", NULL, "%3%2%1"},
    {"hello", "()ll()", NULL, NULL},
    {"hello", "()", NULL, NULL},
    {"hello", "()", NULL, "%1"},
    {"hello", "(h)(e)(l)(l)(o)", NULL, "%5%4%3%2%1"},
    {"date: 2024-01-31", "(%d+)-(%d+)-(%d+)", NULL, "%3/%2/%1"},
    {"abc", "(a", NULL, NULL},
    {"abc", "a)", NULL, NULL},
    {"abc", "(()", NULL, NULL},
    {"abc", "(a)(", NULL, NULL},
    {"abc", "((a)", NULL, NULL},
    {"abc", "()a)", NULL, NULL},
    {"abc", "(b)()", NULL, "%2"},
    {"abc", "(", NULL, NULL},
    {"abc", ")", NULL, NULL},
    {"abc", "(.)(.)", NULL, "%0"},
    {"abc", "(.)", NULL, "%1%1"},
    {"abc", "", NULL, "%1"},
    {"abc", "", NULL, "%2"},
    {"abc", "b", NULL, "%1"},
    {"abc", "(b)", NULL, "%2"},
    /* Back-references. */
    {"abba", "(.)%1", NULL, NULL},
    {"say hello hello", "(%w+) %1", NULL, NULL},
    {"xx yy zz", "(%a)%1", NULL, "<%1>"},
    {"aaaa", "(a*)%1", NULL, NULL},
    {"abc", "()%1", NULL, NULL},
    {"abc", "%0", NULL, NULL},
    {"abc", "%1", NULL, NULL},
    {"abc", "(a)%2", NULL, NULL},
    {"abc", "(a%1)", NULL, NULL},
    {"aa", "((a)%2)", NULL, NULL},
    {"\"quoted\" 'single'", "([\"'])(.-)%1", NULL, NULL},
    /* Balance. */
    {"f(a(b)c) d(e)", "%b()", NULL, NULL},
    {"f(a(b)c", "%b()", NULL, NULL},
    {"((a)", "%b()", NULL, NULL},
    {"[[x]]", "%b[]", NULL, NULL},
    {"\"a\" \"b\"", "%b\"\"", NULL, NULL},
    {"((a))", "%b((", NULL, NULL},
    {"f(x)", "%b", NULL, NULL},
    {"f(x)", "%b(", NULL, NULL},
    {"f(x)y", "%b()y", NULL, NULL},
    {"f(x)y", "%b()z", NULL, NULL},
    {"(a)(b)(c)", "%b()", NULL, "<%0>"},
    {"x(", "%b()", NULL, NULL},
    /* Frontier. */
    {"THE (quick) fox", "%f[%a]%a+", NULL, NULL},
    {"THE (quick) fox", "%f[%a]", NULL, "|"},
    {"THE (quick) fox", "%f[%A]", NULL, "|"},
    {"hello", "%f[%z]", NULL, NULL},
    {"hello", "%f[^%z]", NULL, NULL},
    {"hello", "%f[%w]", NULL, NULL},
    {"hello", "%f[%W]", NULL, NULL},
    {"aXb", "%f[%u]", NULL, NULL},
    {"abc", "%f", NULL, NULL},
    {"abc", "%fa", NULL, NULL},
    {"abc", "%f[", NULL, NULL},
    {"abc", "%f[a-c", NULL, NULL},
    {"foo bar", "%f[%w]%w+%f[%W]", NULL, "<%0>"},
    /* Malformed patterns. */
    {"abc", "%", NULL, NULL},
    {"abc", "a%", NULL, NULL},
    {"abc", "%a%", NULL, NULL},
    {"abc", "[%a", NULL, NULL},
    {"abc", "x%", NULL, NULL},
    {"abc", "c%", NULL, NULL},
    /* gsub replacements and counts. */
    {"hello world", "o", NULL, "%%"},
    {"hello world", "o", NULL, "%"},
    {"hello world", "o", NULL, "x%"},
    {"hello world", "o", NULL, "%a"},
    {"hello world", "o", NULL, "%0%0"},
    {"hello world", "o", NULL, "%9"},
    {"hello world", "(o)", NULL, "%1%1"},
    {"hello world", "o", NULL, ""},
    {"hello world", "o", "0", NULL},
    {"hello world", "o", "1", NULL},
    {"hello world", "o", "-1", NULL},
    {"hello world", "l", "2", NULL},
    {"hello world", "", "3", NULL},
    {"hello world", "o", "1.5", NULL},
    {"hello world", "%w+", NULL, "=fn"},
    {"hello x world", "%w+", NULL, "=fn"},
    {"hello world", "(%w)(%w*)", NULL, "=fn"},
    {"hello world", "()%w+()", NULL, "=fn"},
    {"a b abc hello", "%w+", NULL, "=tab"},
    {"a b abc hello", "()%w+", NULL, "=tab"},
    {"hello world", "%w+", NULL, "=badfn"},
    {"hello world", "%w+", NULL, "=num"},
    {"hello world", "%w+", NULL, "=bool"},
    {"hello world", "%w+", NULL, "=nil"},
    {"hello world", "%w+", "x", "=bool"},
    {"abc", "%w", NULL, "=fn"},
    {"abc", "", NULL, "=fn"},
    {"abc", "x*", NULL, "=tab"},
};

#endif
