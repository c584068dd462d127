import Foundation
import Vapor
import ZIPFoundation

/// An Office Open XML package: parts deflated into a ZIP, in memory.
enum OfficeZip {
    static func make(_ parts: [(path: String, text: String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for part in parts {
            let data = Data(part.text.utf8)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        guard let data = archive.data else { throw Abort(.internalServerError, reason: "could not write the document") }
        return data
    }
}
