import ArgumentParser
import Foundation
import WorkplanKit

/// What wp does with its command line before argument-parser reads it.
///
/// - `wp -C DIR COMMAND …` runs as if started in DIR (git and make style): each
///   leading `-C DIR` changes the working directory, relative to the one before.
/// - A mistyped command (`wp stauts`) is a usage error that names the command meant.
/// - `wp help TOPIC` for a topic or command that does not exist is a usage error,
///   not the top-level help with exit 0.
enum CommandLinePreflight {
    enum Outcome: Equatable {
        /// Parse these arguments.
        case run([String])
        /// Stop with this message on stderr and this status.
        case stop(String, ExitStatus)
    }

    static func prepare(_ arguments: [String], root: any ParsableCommand.Type) -> Outcome {
        var arguments = arguments
        while let first = arguments.first {
            let directory: String
            if first == "-C" || first == "--directory" {
                guard arguments.count >= 2 else {
                    return .stop("error: \(first) needs a directory: wp -C DIR COMMAND", .usage)
                }
                directory = arguments[1]
                arguments.removeFirst(2)
            } else if first.hasPrefix("--directory=") {
                directory = String(first.dropFirst("--directory=".count))
                arguments.removeFirst()
            } else if first.hasPrefix("-C"), first.count > 2 {
                directory = String(first.dropFirst(2))
                arguments.removeFirst()
            } else {
                break
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
                  FileManager.default.changeCurrentDirectoryPath(directory) else {
                return .stop("error: no such directory '\(directory.terminalSafe)'; -C takes the directory to run in", .failure)
            }
        }
        if arguments.first == "help" {
            return checkHelp(Array(arguments.dropFirst()), root: root).map { .stop($0, .usage) } ?? .run(arguments)
        }
        return unknownCommand(in: arguments, root: root).map { .stop($0, .usage) } ?? .run(arguments)
    }

    /// The message for a word where a command is expected and no command has that name.
    private static func unknownCommand(in arguments: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        var path = ["wp"]
        for token in arguments {
            // Options and what follows them are argument-parser's to read.
            if token.hasPrefix("-") { return nil }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, command.configuration.defaultSubcommand == nil else { return nil }
            guard let next = subcommands.first(where: { $0._commandName == token }) else {
                return unknown(token, under: path, among: subcommands)
            }
            command = next
            path.append(token)
        }
        return nil
    }

    /// `wp help A B`: every word must name a command (or help topic) under the one before.
    private static func checkHelp(_ words: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        var path = ["wp"]
        for word in words where !word.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard let next = subcommands.first(where: { $0._commandName == word }) else {
                return unknown(word, under: path, among: subcommands, help: true)
            }
            command = next
            path.append(word)
        }
        return nil
    }

    private static func unknown(_ word: String, under path: [String], among subcommands: [any ParsableCommand.Type], help: Bool = false) -> String {
        let names = subcommands.map { $0._commandName }
        let hint = suggestion(for: word, among: names).map { "; did you mean '\($0)'?" } ?? ""
        let what = help ? "no command or help topic" : "unknown command"
        let place = path.count > 1 ? " under '\(path.joined(separator: " "))'" : ""
        let visible = subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
        let topics = subcommands.filter { !$0.configuration.shouldDisplay }.map { $0._commandName }
        var text = "error: \(what) '\(word.terminalSafe)'\(place)\(hint)\n"
        text += "commands: \(visible.joined(separator: ", "))"
        if !topics.isEmpty { text += "; help topics: \(topics.joined(separator: ", "))" }
        text += "\nSee '\(path.joined(separator: " ")) --help'."
        return text
    }
}
