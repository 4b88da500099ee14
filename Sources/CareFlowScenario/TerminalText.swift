/// Making text from files safe to write to a terminal: the one function
/// every message path uses (scenario errors, the command line's output and
/// error lines).
///
/// Control characters (C0, DEL, C1: ESC sequences that clear the screen,
/// move the cursor or retitle the window), Unicode direction overrides
/// (which reorder what is shown) and other invisible format characters are
/// written as visible escapes (`\e`, `\n`, `\u{202E}`), so a value can
/// neither change the terminal nor forge a second `FILE:LINE:COL` line.
public enum TerminalText {
    /// `s` on one line: every control character escaped, newlines included.
    public static func safe(_ s: String) -> String { escape(s, keepNewlines: false) }

    /// As `safe`, but newlines and tabs are kept: for multi-line text that
    /// the program itself laid out (tables, reports of several errors) whose
    /// values were made safe already.
    public static func safeLines(_ s: String) -> String { escape(s, keepNewlines: true) }

    /// At most `max` characters of `s`, then how many were left out: what
    /// an error message shows of a value from a file.
    public static func excerpt(_ s: String, max: Int = 60) -> String {
        guard s.count > max else { return s }
        return String(s.prefix(max)) + "... (\(s.count - max) more characters)"
    }

    static func needsEscape(_ v: Unicode.Scalar) -> Bool {
        switch v.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFEFF, 0xFFF9...0xFFFB: return true
        default: return false
        }
    }

    private static func escape(_ s: String, keepNewlines: Bool) -> String {
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = String.UnicodeScalarView()
        for v in s.unicodeScalars {
            guard needsEscape(v) else { out.append(v); continue }
            let text: String
            switch v {
            case "\n": text = keepNewlines ? "\n" : "\\n"
            case "\t": text = keepNewlines ? "\t" : "\\t"
            case "\r": text = "\\r"
            case "\u{1B}": text = "\\e"
            default:
                let hex = String(v.value, radix: 16, uppercase: true)
                text = v.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            }
            out.append(contentsOf: text.unicodeScalars)
        }
        return String(out)
    }
}
