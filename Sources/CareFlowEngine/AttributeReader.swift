/// Reads patients' attributes during a run (`Simulation.attributeReader`).
/// Outside the hot loop: for observers such as the replay recorder, which
/// read one attribute after the assign steps they see in `step(entity:pc:at:)`.
public struct AttributeReader {
    let buffer: PoolBuffer<Double>
    let stride: Int

    /// Attribute `attribute` of patient slot `entity` now (NaN if out of range).
    public func value(entity: Int32, attribute: Int) -> Double {
        let k = Int(entity) * stride + attribute
        guard entity >= 0, attribute >= 0, attribute < stride, k < buffer.count else { return .nan }
        return buffer[k]
    }
}
