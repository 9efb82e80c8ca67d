package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite the Mermaid block of doc/diagram.md")

const docPath = "../../doc/diagram.md"

// TestPipesDiagram runs the example as -diagram does and checks the
// graph it prints: the pipeline's sharing is there, and doc/diagram.md
// shows exactly this graph (go test -run Diagram -update rewrites it).
func TestPipesDiagram(t *testing.T) {
	defer goleak.VerifyNone(t)
	var graph bytes.Buffer
	require.NoError(t, run(io.Discard, &graph))
	mmd := graph.String()
	for _, want := range []string{
		"flowchart LR\n",
		`fdt1 -->|"fd 10"| file2`, // the parent's /tmp/result ...
		`fdt5 -->|"fd 1"| file2`,  // ... is count's stdout: one File
		`fdt4 -->|"fd 1"| file4`,  // upper's stdout and count's stdin ...
		`fdt5 -->|"fd 0"| file5`,
		`file4 -->|"writes"| pipe1`, // ... are two Files on one pipe
		`file5 -->|"reads"| pipe1`,
		`d2("/tmp/result")`,
	} {
		require.Contains(t, mmd, want)
	}

	doc, err := os.ReadFile(docPath)
	require.NoError(t, err)
	const open, close = "```mermaid\n", "```\n"
	i := strings.Index(string(doc), open)
	require.GreaterOrEqual(t, i, 0, "doc/diagram.md has a mermaid block")
	j := i + len(open) + strings.Index(string(doc[i+len(open):]), close)
	if *update {
		doc = []byte(string(doc[:i+len(open)]) + mmd + string(doc[j:]))
		require.NoError(t, os.WriteFile(docPath, doc, 0o644))
	}
	require.Equal(t, mmd, string(doc[i+len(open):j]), "doc/diagram.md is stale: go test ./examples/pipes -run Diagram -update")
}
