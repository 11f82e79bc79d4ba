/// A titled section with an anchor, content blocks and optional subsections (one level deep is
/// typical; deeper levels render as h4…h6).
public struct ReportSection: Sendable, Equatable {
  /// Heading text.
  public var title: String
  /// The fragment id (`#anchor`); defaults to ``TextEscaping/anchor(_:)`` of the title. Renderers
  /// make duplicates unique by appending `-2`, `-3`, ….
  public var anchor: String
  /// The content, in order.
  public var blocks: [ReportBlock]
  /// Nested sections after the blocks.
  public var subsections: [ReportSection]

  /// A section; `anchor` defaults to one derived from the title.
  public init(title: String, anchor: String? = nil, blocks: [ReportBlock] = [], subsections: [ReportSection] = []) {
    self.title = title
    self.anchor = TextEscaping.anchor(anchor ?? title)
    self.blocks = blocks
    self.subsections = subsections
  }
}
