import CEditLine
import Foundation

/// Terminal facts and the few raw terminal operations pshell needs outside libedit.
package enum Terminal {
    package static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The columns of the terminal on `fd`, asked each time (a window may be resized); nil when it is none.
    package static func columns(_ fd: Int32) -> Int? {
        var size = winsize()
        guard isatty(fd) == 1, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 else { return nil }
        return Int(size.ws_col)
    }

    /// The rows of the terminal on `fd`; nil when it is none.
    package static func rows(_ fd: Int32) -> Int? {
        var size = winsize()
        guard isatty(fd) == 1, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_row >= 2 else { return nil }
        return Int(size.ws_row)
    }

    /// libedit drops every non-ASCII character unless the locale is a UTF-8 one; containers often have no
    /// `LANG` at all, so fall back to C.UTF-8.
    package static func setUpLocale() {
        setlocale(LC_ALL, "")
        if let current = setlocale(LC_CTYPE, nil), ["C", "POSIX"].contains(String(cString: current)) {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    /// Reads one line from the terminal with echo off; `nil` on end of input or Ctrl-C.
    package static func readSecret(prompt: String) -> String? {
        writeOut(prompt)
        var saved = termios()
        let isTTY = tcgetattr(STDIN_FILENO, &saved) == 0
        if isTTY {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ICANON)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if isTTY {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                writeOut("\n")
            }
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            // Waits in slices: Ctrl-C's handler restarts a blocked read(2) (SA_RESTART), so a read alone would wait
            // on, and the next line typed would become the secret.
            var waiting = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, 100)
            // The flag, or the statement's task cancelled by whoever took the flag first.
            if Interrupts.peek() || Task.isCancelled { return nil }
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            let n = read(STDIN_FILENO, &byte, 1)
            if n == 1 {
                if byte == 0x0A || byte == 0x0D { break }
                bytes.append(byte)
            } else if n < 0 && errno == EINTR {
                if Interrupts.peek() { return nil }
                continue
            } else {
                if bytes.isEmpty { return nil }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes straight to file descriptor 1 (Swift 6 cannot touch C's `stdout`), flushing C's buffers first.
    package static func writeOut(_ text: String) {
        fflush(nil)
        var data = Array(text.utf8)
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
        data.removeAll()
    }
}
