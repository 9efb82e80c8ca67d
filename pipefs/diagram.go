package pipefs

import (
	"strconv"

	"github.com/govfs/govfs/vfs"
)

var _ vfs.DiagramLinker = (*end)(nil)

// DiagramLinks points a pipe end at its buffer (pipe_inode_info): both
// ends of a pipe, and every open of a FIFO, lead to one buffer, which
// Kernel.Diagram draws with what it holds and who has it open.
func (e *end) DiagramLinks(f *vfs.File) []vfs.DiagramLink {
	label := "reads"
	switch f.Flags() & vfs.O_ACCMODE {
	case vfs.O_WRONLY:
		label = "writes"
	case vfs.O_RDWR:
		label = "reads, writes"
	}
	p := e.p
	p.mu.Lock()
	name := "pipe buffer\n" + strconv.Itoa(p.bytesLocked()) + " bytes in " +
		strconv.Itoa(p.usedLocked()) + " of " + strconv.Itoa(len(p.bufs)) + " slots\n" +
		count(p.readers, "reader") + ", " + count(p.writers, "writer")
	p.mu.Unlock()
	return []vfs.DiagramLink{{Label: label, To: p, Kind: "pipe", Name: name}}
}

// count spells n things: "1 reader", "2 readers".
func count(n int, thing string) string {
	if n != 1 {
		thing += "s"
	}
	return strconv.Itoa(n) + " " + thing
}
