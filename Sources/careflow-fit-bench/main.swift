// Times `careflow fit` on a log, phase by phase (reading, fitting, writing
// the draft and report), without the CLI's other dependencies, so that a
// release build of it is quick. Usage: careflow-fit-bench LOG MAPPING
import CareFlowFit
import CareFlowReport
import Foundation

let args = CommandLine.arguments
guard args.count == 3 else {
    FileHandle.standardError.write(Data("usage: careflow-fit-bench LOG MAPPING\n".utf8))
    exit(2)
}
do {
    let t0 = Date()
    let mapping = try FitMapping.read(file: args[2])
    let log = try LogReader.read(file: args[1], knownEvents: mapping.knownEvents)
    let t1 = Date()
    let result = try FitAnalysis.run(log, mapping)
    let t2 = Date()
    let yaml = DraftWriter.yaml(result, mapping: mapping, name: "bench", command: "careflow-fit-bench")
    let html = FitReport.html(result, language: .en)
    let t3 = Date()
    print("patients \(log.patientCount), events \(log.time.count), days \(result.days)")
    print(String(format: "read %.2f s, fit %.2f s, draft+report %.2f s (%d + %d bytes), total %.2f s",
                 t1.timeIntervalSince(t0), t2.timeIntervalSince(t1), t3.timeIntervalSince(t2), yaml.utf8.count, html.utf8.count, t3.timeIntervalSince(t0)))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
