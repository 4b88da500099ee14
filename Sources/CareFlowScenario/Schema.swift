/// The JSON Schema of scenario files (`careflow schema`).
public enum ScenarioSchema {
    public static let json = "{}\n"
}
