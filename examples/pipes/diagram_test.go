package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite the Mermaid blocks of doc/diagram.md and README.md")

// inodeless drops inode numbers from a graph: they move whenever Boot
// makes one more file, which changes nothing the documents explain.
func inodeless(graph string) string {
	return inodeNumber.ReplaceAllString(graph, "${1}N")
}

var inodeNumber = regexp.MustCompile(`(ino_[a-z]+_[0-9]+_|inode )[0-9]+`)

// docPaths are the documents that show the example's graph.
var docPaths = []string{"../../doc/diagram.md", "../../README.md"}

// TestPipesDiagram runs the example as -diagram does and checks the
// graph it prints: the pipeline's sharing is there, and doc/diagram.md
// and README.md show exactly this graph (go test -run Diagram -update
// rewrites their first Mermaid block).
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

	for _, path := range docPaths {
		doc, err := os.ReadFile(path)
		require.NoError(t, err)
		const open, close = "```mermaid\n", "```\n"
		i := strings.Index(string(doc), open)
		require.GreaterOrEqual(t, i, 0, "%s has a mermaid block", path)
		j := i + len(open) + strings.Index(string(doc[i+len(open):]), close)
		if *update {
			doc = []byte(string(doc[:i+len(open)]) + mmd + string(doc[j:]))
			require.NoError(t, os.WriteFile(path, doc, 0o644))
		}
		require.Equal(t, inodeless(mmd), inodeless(string(doc[i+len(open):j])), "%s is stale: go test ./examples/pipes -run Diagram -update", path)
	}
}
