import ArgumentParser
import CareFlow

@main
struct CareFlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "careflow",
        abstract: "Discrete-event simulation of hospital and primary-care capacity."
    )
    func run() throws {
        print("careflow: GSL \(GSL.version)")
    }
}
