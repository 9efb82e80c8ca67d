package bin

import (
	"strconv"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// The user and group databases, as getpwnam(3) and getgrgid(3) read
// them: /etc/passwd ("root:x:0:0:root:/root:/bin/sh") and /etc/group
// ("root:x:0:"), read through open(2) and read(2) each time they are
// asked, so a program sees an edit at once. A missing or unreadable
// file is an empty database: names then print as numbers.

// passwdEntry is one line of /etc/passwd.
type passwdEntry struct {
	name     string
	uid, gid int
	home     string
	shell    string
}

// groupEntry is one line of /etc/group.
type groupEntry struct {
	name    string
	gid     int
	members []string
}

func readPasswd(p *vfs.Process) []passwdEntry {
	var out []passwdEntry
	for _, f := range dbLines(p, "/etc/passwd", 7) {
		uid, err1 := strconv.Atoi(f[2])
		gid, err2 := strconv.Atoi(f[3])
		if err1 == nil && err2 == nil {
			out = append(out, passwdEntry{name: f[0], uid: uid, gid: gid, home: f[5], shell: f[6]})
		}
	}
	return out
}

func readGroup(p *vfs.Process) []groupEntry {
	var out []groupEntry
	for _, f := range dbLines(p, "/etc/group", 4) {
		gid, err := strconv.Atoi(f[2])
		if err != nil {
			continue
		}
		var members []string
		if f[3] != "" {
			members = strings.Split(f[3], ",")
		}
		out = append(out, groupEntry{name: f[0], gid: gid, members: members})
	}
	return out
}

// dbLines splits the lines of a colon-separated database with exactly
// n fields, skipping the others.
func dbLines(p *vfs.Process, name string, n int) [][]string {
	data, err := readFile(p, name)
	if err != nil {
		return nil
	}
	var out [][]string
	for line := range strings.Lines(string(data)) {
		f := strings.Split(strings.TrimRight(line, "\n"), ":")
		if len(f) == n {
			out = append(out, f)
		}
	}
	return out
}

// names caches the two databases for one run of a program (ls -l asks
// for the same owner many times).
type names struct {
	users  []passwdEntry
	groups []groupEntry
}

func loadNames(p *vfs.Process) *names {
	return &names{users: readPasswd(p), groups: readGroup(p)}
}

// user is the name of uid, or the number when it has none.
func (n *names) user(uid uint32) string {
	for _, u := range n.users {
		if u.uid == int(uid) {
			return u.name
		}
	}
	return strconv.FormatUint(uint64(uid), 10)
}

// group is the name of gid, or the number.
func (n *names) group(gid uint32) string {
	for _, g := range n.groups {
		if g.gid == int(gid) {
			return g.name
		}
	}
	return strconv.FormatUint(uint64(gid), 10)
}

// lookupUser finds a user by name, or by number (a number that no line
// names is still a valid uid: ok with the zero entry's name empty).
func (n *names) lookupUser(s string) (passwdEntry, bool) {
	for _, u := range n.users {
		if u.name == s {
			return u, true
		}
	}
	if id, err := strconv.ParseUint(s, 10, 32); err == nil {
		for _, u := range n.users {
			if u.uid == int(id) {
				return u, true
			}
		}
		return passwdEntry{uid: int(id), gid: -1}, true
	}
	return passwdEntry{}, false
}

// lookupGroup finds a group's id by name or number.
func (n *names) lookupGroup(s string) (int, bool) {
	for _, g := range n.groups {
		if g.name == s {
			return g.gid, true
		}
	}
	if id, err := strconv.ParseUint(s, 10, 32); err == nil {
		return int(id), true
	}
	return 0, false
}
