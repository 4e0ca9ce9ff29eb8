// Wide-character ncurses for Swift. SwiftPM drops the defines that pkg-config would pass, and without them
// get_wch, add_wch and cchar_t are not declared, so they are set here before the header.
#ifndef NATTER_CNCURSESW_SHIM_H
#define NATTER_CNCURSESW_SHIM_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
// Debian puts the wide-character header under ncursesw/; macOS (and ncurses built with only a wide library)
// has it as plain curses.h.
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

// Swift cannot see C macros that expand to expressions, nor mutable C globals safely under strict
// concurrency; these inline functions expose what the UI needs.
static inline WINDOW *natter_stdscr(void) { return stdscr; }
static inline int natter_lines(void) { return LINES; }
static inline int natter_cols(void) { return COLS; }
static inline int natter_key_f(int n) { return KEY_F(n); }
static inline attr_t natter_a_bold(void) { return A_BOLD; }
static inline attr_t natter_a_dim(void) { return A_DIM; }
static inline attr_t natter_a_italic(void) { return A_ITALIC; }
static inline attr_t natter_a_underline(void) { return A_UNDERLINE; }
static inline attr_t natter_a_reverse(void) { return A_REVERSE; }
static inline attr_t natter_a_normal(void) { return A_NORMAL; }
static inline mmask_t natter_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t natter_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t natter_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t natter_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int natter_color_pair(int n) { return COLOR_PAIR(n); }
/// Cells the C library (and so ncurses) gives a character; -1 for non-printables.
static inline int natter_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int natter_colors(void) { return COLORS; }
static inline int natter_color_pairs(void) { return COLOR_PAIRS; }
/// The key code curses gives a terminfo string capability (e.g. "kLFT5", Ctrl+Left), or 0 when the terminal has none.
static inline int natter_key_code(const char *capability) {
    char *sequence = tigetstr(capability);
    if (sequence == NULL || sequence == (char *)-1) return 0;
    int code = key_defined(sequence);
    return code > 0 ? code : 0;
}

#endif
