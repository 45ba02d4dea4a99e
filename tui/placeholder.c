int tui_placeholder(void); int tui_placeholder(void) { return 0; }
