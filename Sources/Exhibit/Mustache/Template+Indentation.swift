/// Block indentation (the Mustache inheritance spec): a standalone block's content loses its
/// common indentation where it is written and gains the indentation of the block it replaces.
extension TemplateParser {
    /// Removes the common indentation of each standalone block's content (outermost first), so
    /// the content can be re-indented where it is substituted.
    static func dedentBlocks(_ nodes: inout [TemplateNode]) {
        for index in nodes.indices {
            switch nodes[index] {
            case .block(var block):
                if block.standalone {
                    var common: [UInt8]? = nil
                    collectIndentation(block.nodes, into: &common)
                    let width = common?.count ?? 0
                    if width > 0 { strip(&block.nodes, width: width) }
                    block.siteIndent = width > 0 ? common! : block.before
                }
                dedentBlocks(&block.nodes)
                nodes[index] = .block(block)
            case .parent(let name, let indent, var blocks, let position):
                for b in blocks.indices {
                    var wrapped: [TemplateNode] = [.block(blocks[b])]
                    dedentBlocks(&wrapped)
                    if case .block(let block) = wrapped[0] { blocks[b] = block }
                }
                nodes[index] = .parent(name: name, indent: indent, blocks: blocks, position: position)
            case .section(let name, let inverted, var children, let position):
                dedentBlocks(&children)
                nodes[index] = .section(name: name, inverted: inverted, nodes: children, position: position)
            default:
                break
            }
        }
    }

    private static func collectIndentation(_ nodes: [TemplateNode], into common: inout [UInt8]?) {
        for index in nodes.indices {
            switch nodes[index] {
            case .lineStart:
                var indentation: [UInt8] = []
                if index + 1 < nodes.count, case .text(let text) = nodes[index + 1] {
                    if isBlank(text[...]) { continue }
                    indentation = Array(text.prefix(while: isSpace))
                }
                narrow(&common, to: indentation)
            case .partial(_, let indent, _), .parent(_, let indent, _, _):
                // A standalone partial's line counts with its indentation (inline ones have none).
                if !indent.isEmpty { narrow(&common, to: indent) }
            case .section(_, _, let children, _):
                collectIndentation(children, into: &common)
            case .block(let block):
                collectIndentation(block.nodes, into: &common)
            default:
                break
            }
        }
    }

    /// Shortens `common` to its longest common prefix with `indentation`.
    private static func narrow(_ common: inout [UInt8]?, to indentation: [UInt8]) {
        if let current = common {
            var length = 0
            while length < current.count, length < indentation.count, current[length] == indentation[length] { length += 1 }
            common = Array(current.prefix(length))
        } else {
            common = indentation
        }
    }

    private static func strip(_ nodes: inout [TemplateNode], width: Int) {
        for index in nodes.indices {
            switch nodes[index] {
            case .lineStart:
                if index + 1 < nodes.count, case .text(let text) = nodes[index + 1] {
                    var drop = 0
                    while drop < width, drop < text.count, isSpace(text[drop]) { drop += 1 }
                    nodes[index + 1] = .text(Array(text.dropFirst(drop)))
                }
            case .section(let name, let inverted, var children, let position):
                strip(&children, width: width)
                nodes[index] = .section(name: name, inverted: inverted, nodes: children, position: position)
            case .block(var block):
                strip(&block.nodes, width: width)
                block.before = Array(block.before.dropFirst(min(width, block.before.count)))
                nodes[index] = .block(block)
            case .partial(let name, let indent, let position):
                nodes[index] = .partial(name: name, indent: Array(indent.dropFirst(min(width, indent.count))), position: position)
            case .parent(let name, let indent, let blocks, let position):
                nodes[index] = .parent(name: name, indent: Array(indent.dropFirst(min(width, indent.count))), blocks: blocks, position: position)
            default:
                break
            }
        }
    }
}
