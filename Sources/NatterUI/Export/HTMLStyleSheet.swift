/// The page's style sheet, made from natter's own themes: every colour role becomes a CSS variable, set from
/// the light theme, and from the dark one when the reader's system prefers dark. A span styled on screen by a
/// role is styled on the page by the same role (`HTMLText.span`), so the two agree.
enum HTMLStyleSheet {
    static func css(light: Theme, dark: Theme) -> String {
        var css = ":root{color-scheme:light dark;\(variables(light, scheme: .light))}\n"
        css += "@media (prefers-color-scheme: dark){:root{\(variables(dark, scheme: .dark))}}\n"
        for role in ColorRole.allCases {
            css += ".f-\(role.rawValue){color:var(--\(role.rawValue))}.b-\(role.rawValue){background:var(--\(role.rawValue))}\n"
        }
        css += layout
        return css
    }

    enum Scheme {
        case light, dark
    }

    private static func variables(_ theme: Theme, scheme: Scheme) -> String {
        ColorRole.allCases.map { "--\($0.rawValue):\(cssColor(theme.color($0), role: $0, scheme: scheme))" }.joined(separator: ";")
    }

    /// A theme's colour as CSS. The terminal's own colours have no value a page can know, so the page uses
    /// a plain black on white (or the reverse) where a theme says "default".
    static func cssColor(_ color: Theme.Color, role: ColorRole, scheme: Scheme) -> String {
        switch color {
        case .rgb(let red, let green, let blue): return hex(red, green, blue)
        case .index(let index): return hex(palette(index))
        case .terminalDefault:
            let background = role == .background || role == .codeBackground || role == .selection
            switch scheme {
            case .light: return background ? "#ffffff" : "#1c1c1c"
            case .dark: return background ? "#1c1c1c" : "#d0d0d0"
            }
        }
    }

    /// xterm's 256 colours: its 16 named ones, the 6×6×6 cube and the grey ramp.
    static func palette(_ index: Int) -> (UInt8, UInt8, UInt8) {
        let named: [(UInt8, UInt8, UInt8)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        let index = min(255, max(0, index))
        if index < 16 { return named[index] }
        if index >= 232 {
            let grey = UInt8(8 + (index - 232) * 10)
            return (grey, grey, grey)
        }
        let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
        let cube = index - 16
        return (levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
    }

    private static func hex(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "#" + String([red, green, blue].flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    private static func hex(_ rgb: (UInt8, UInt8, UInt8)) -> String { hex(rgb.0, rgb.1, rgb.2) }

    /// How the page is laid out: a readable column, each message marked by its speaker's colour, code and
    /// tables framed as on screen.
    private static let layout = """
        body{margin:0;background:var(--background);color:var(--foreground);font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif}
        main{max-width:60rem;margin:0 auto;padding:1.5rem}
        header h1{color:var(--heading);font-size:1.5rem;margin:0 0 .25rem}
        .facts,.who .meta{color:var(--muted);font-size:.85rem;font-weight:normal}
        article{border-left:3px solid var(--border);padding:.1rem 0 .1rem 1rem;margin:1.25rem 0}
        article.user{border-color:var(--user)}article.assistant{border-color:var(--assistant)}
        .who{font-weight:bold;margin-bottom:.3rem}.user>.who{color:var(--user)}.assistant>.who{color:var(--assistant)}
        h2,h3,h4,h5,h6{color:var(--heading);margin:.8rem 0 .4rem}
        p{margin:.4rem 0}
        .bold{font-weight:bold}.italic{font-style:italic}.underline{text-decoration:underline}.dim{opacity:.7}
        span.b-codeBackground{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:.9em;padding:0 .2em;border-radius:3px}
        a{color:var(--link)}
        hr{border:0;border-top:1px solid var(--border)}
        blockquote{color:var(--quote);font-style:italic;border-left:3px solid var(--quote);margin:.5rem 0;padding-left:.75rem}
        code,pre{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:.9em}
        figure{margin:.6rem 0}
        figure.code{background:var(--codeBackground);border:1px solid var(--border);border-radius:4px}
        figure.code figcaption{color:var(--muted);font-size:.8rem;padding:.2rem .7rem;border-bottom:1px solid var(--border)}
        pre{margin:0;padding:.5rem .75rem;overflow-x:auto;white-space:pre;color:var(--code)}
        .plain{white-space:pre-wrap}pre.plain{background:var(--codeBackground);border-radius:4px}
        table{border-collapse:collapse;margin:.6rem 0}
        th,td{border:1px solid var(--border);padding:.25rem .7rem;vertical-align:top}
        th{background:var(--selection);color:var(--heading)}
        .center{text-align:center}.right{text-align:right}
        li.depth-1{margin-left:1.5em}li.depth-2{margin-left:3em}li.depth-3{margin-left:4.5em}
        li.depth-4{margin-left:6em}li.depth-5{margin-left:7.5em}li.depth-6{margin-left:9em}
        summary{cursor:pointer;color:var(--muted)}
        details.reasoning{color:var(--reasoning);margin:.4rem 0}
        .reasoning .plain{font-style:italic}
        .tool{margin:.5rem 0}.tool .label{color:var(--accent);font-size:.85rem}
        .tool.failed .label,.ending.failed{color:var(--error)}
        .ending{color:var(--warning);font-style:italic}
        .note{color:var(--muted);font-style:italic;margin:1rem 0}
        .attachment{color:var(--muted);font-size:.9rem}
        img{max-width:100%;height:auto;border:1px solid var(--border)}
        details.branches{margin:.5rem 0 .5rem 1rem;padding-left:.75rem;border-left:2px dashed var(--border)}
        details.branches>section{margin-top:.5rem}
        .branch-label{color:var(--accent);font-size:.85rem}

        """
}
