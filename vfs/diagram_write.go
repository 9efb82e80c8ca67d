package vfs

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// The two spellings of a Graph. Both write the nodes, then the edges,
// in the graph's order, so the same graph is always the same text, and
// both escape every label for their own syntax: whatever a file is
// called, it stays inside its node.

// diagramShapes are each layer's shape: DOT's attributes, and
// Mermaid's opening and closing brackets. A backend object is a note.
var diagramShapes = map[string]struct{ dot, open, close string }{
	"process":    {"shape=ellipse", "([", "])"},
	"fdtable":    {"shape=box3d", "[[", "]]"},
	"file":       {"shape=box", "[", "]"},
	"dentry":     {"shape=box, style=rounded", "(", ")"},
	"inode":      {"shape=hexagon", "{{", "}}"},
	"superblock": {"shape=cylinder", "[(", ")]"},
	"mount":      {"shape=trapezium", "[/", "\\]"},
}

var objectShape = struct{ dot, open, close string }{"shape=note", ">", "]"}

func diagramShape(kind string) struct{ dot, open, close string } {
	if s, ok := diagramShapes[kind]; ok {
		return s
	}
	return objectShape
}

// WriteDOT writes the graph in Graphviz's DOT language, left to right
// (render it with `dot -Tsvg`).
func (g *Graph) WriteDOT(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("digraph vfs {\n\trankdir=LR;\n")
	bw.WriteString("\tnode [fontname=\"monospace\", fontsize=10];\n")
	bw.WriteString("\tedge [fontname=\"monospace\", fontsize=9];\n")
	for _, n := range g.Nodes {
		bw.WriteString("\t" + safeID(n.ID) + " [" + diagramShape(n.Kind).dot + ", label=\"" + dotEscape(n.Label) + "\"];\n")
	}
	for _, e := range g.Edges {
		bw.WriteString("\t" + safeID(e.From) + " -> " + safeID(e.To) + " [label=\"" + dotEscape(e.Label) + "\"];\n")
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// WriteMermaid writes the graph as a Mermaid flowchart, left to right:
// what GitHub draws from a ```mermaid block in Markdown.
func (g *Graph) WriteMermaid(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("flowchart LR\n")
	for _, n := range g.Nodes {
		s := diagramShape(n.Kind)
		bw.WriteString("    " + safeID(n.ID) + s.open + "\"" + mermaidEscape(n.Label) + "\"" + s.close + "\n")
	}
	for _, e := range g.Edges {
		bw.WriteString("    " + safeID(e.From) + " -->|\"" + mermaidEscape(e.Label) + "\"| " + safeID(e.To) + "\n")
	}
	return bw.Flush()
}

// safeID keeps an id to [A-Za-z0-9_], which both languages take bare.
// The builder's ids already are; a Graph made by hand may not be.
func safeID(id string) string {
	ok := id != ""
	for i := 0; i < len(id) && ok; i++ {
		c := id[i]
		ok = c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	if ok {
		return id
	}
	return "id_" + diagramIDPart(strconv.Quote(id))
}

// printable replaces what is not printable with its Go escape, so a
// label written by hand cannot end a line or hide text either.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || unicode.IsPrint(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// dotEscape makes label the body of a DOT string: backslashes and
// quotes escaped, lines joined by DOT's \n.
func dotEscape(label string) string {
	lines := strings.Split(label, "\n")
	for i, l := range lines {
		l = strings.ReplaceAll(printable(l), `\`, `\\`)
		lines[i] = strings.ReplaceAll(l, `"`, `\"`)
	}
	return strings.Join(lines, `\n`)
}

// mermaidEscapes are the characters Mermaid could read as syntax inside
// a quoted label, as its entity codes (#quot; is a quote, #35; a '#').
var mermaidEscapes = strings.NewReplacer(
	"#", "#35;", `"`, "#quot;", "&", "#amp;", "<", "#lt;", ">", "#gt;",
	"|", "#124;", "`", "#96;", ";", "#59;",
)

// mermaidEscape makes label the body of a quoted Mermaid label, lines
// joined by <br>.
func mermaidEscape(label string) string {
	lines := strings.Split(label, "\n")
	for i, l := range lines {
		lines[i] = mermaidEscapes.Replace(printable(l))
	}
	return strings.Join(lines, "<br>")
}
