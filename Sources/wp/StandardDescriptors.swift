import Foundation

/// Standard input, output and error, each open before wp opens anything else.
///
/// A process started with one of them closed (`wp set … >&-`) would get that number for the
/// first file it opens, and its output would go there: into a workplan opened for reading (an
/// error whose words depend on the file) or, worse, into the temporary file an edit renames over
/// a workplan. Like git and OpenSSH, wp opens `/dev/null` in each closed one first: output to a
/// closed stdout goes nowhere, as the user asked.
enum StandardDescriptors {
    static func reserve() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDWR)
            // open returns the lowest free number: this one. Anything else is a descriptor to give back.
            if opened >= 0, opened != descriptor { close(opened) }
        }
    }
}
