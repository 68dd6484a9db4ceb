/// A growable array stored in fixed-size chunks, so that growing it never copies what it holds: appending to a
/// full last chunk allocates one new chunk (the outer list of chunks, one reference each, is all that is ever
/// copied). Used for tables of a million rows, where an `Array` doubling would copy them all in one call.
struct ChunkedArray<Element: Sendable>: Sendable {
    /// How many elements a chunk holds.
    static var chunkSize: Int { 1 << chunkShift }
    private static var chunkShift: Int { 12 }
    private static var chunkMask: Int { chunkSize - 1 }

    private var chunks: [[Element]] = []

    /// The number of elements.
    private(set) var count = 0

    /// An empty array.
    init() {}

    /// The element at `index`, which must lie in `0..<count`.
    subscript(index: Int) -> Element {
        get { chunks[index >> Self.chunkShift][index & Self.chunkMask] }
        _modify { yield &chunks[index >> Self.chunkShift][index & Self.chunkMask] }
        set { chunks[index >> Self.chunkShift][index & Self.chunkMask] = newValue }
    }

    /// Adds an element at the end.
    mutating func append(_ element: Element) {
        if count >> Self.chunkShift == chunks.count {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[count >> Self.chunkShift].append(element)
        count += 1
    }

    /// Removes and returns the last element; the array must not be empty.
    mutating func removeLast() -> Element {
        count -= 1
        let chunk = count >> Self.chunkShift
        let element = chunks[chunk].removeLast()
        // One empty chunk is kept as a spare, so that appending and removing at a chunk's edge does not allocate
        // each time.
        if chunks.count > chunk + 1, chunks[chunk].isEmpty {
            chunks.removeLast()
        }
        return element
    }

    /// Removes every element.
    mutating func removeAll() {
        chunks.removeAll()
        count = 0
    }
}
