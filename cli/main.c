#include <stdio.h>
int main(void) { puts("bdw " BDW_VERSION); return 0; }
