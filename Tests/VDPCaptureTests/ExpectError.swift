import Testing
import VDPCapture

/// Expects `CaptureFile.packets(from:)` to throw an error with `code`, and returns it.
@discardableResult
func expectError(
    _ code: CaptureError.Code,
    _ bytes: [UInt8],
    _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) -> CaptureError? {
    let error = #expect(throws: CaptureError.self, comment, sourceLocation: sourceLocation) {
        try CaptureFile.packets(from: bytes)
    }
    #expect(error?.code == code, "got \(String(describing: error))", sourceLocation: sourceLocation)
    return error
}
