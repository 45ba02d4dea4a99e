int learn_placeholder(void); int learn_placeholder(void) { return 0; }
