package devfs

import (
	"strconv"

	"github.com/govfs/govfs/vfs"
)

var (
	_ vfs.DiagramLinker = (*masterOps)(nil)
	_ vfs.DiagramLinker = (*slaveOps)(nil)
)

// DiagramLinks points a pty's master at the pair, which every open of
// its slave points at too: Kernel.Diagram draws the two ends meeting.
func (o *masterOps) DiagramLinks(*vfs.File) []vfs.DiagramLink {
	return []vfs.DiagramLink{o.pt.diagramLink("master")}
}

// DiagramLinks points a pty's slave at the pair (see masterOps').
func (o *slaveOps) DiagramLinks(*vfs.File) []vfs.DiagramLink {
	return []vfs.DiagramLink{o.pt.diagramLink("slave")}
}

func (pt *pty) diagramLink(label string) vfs.DiagramLink {
	pt.mu.Lock()
	slaves, hungUp := pt.slaves, pt.hungUp
	pt.mu.Unlock()
	name := "pty " + strconv.Itoa(pt.index) + "\nopen slaves: " + strconv.Itoa(slaves)
	if hungUp {
		name += "\nhung up"
	}
	return vfs.DiagramLink{Label: label, To: pt, Kind: "pty", Name: name}
}
