package bin

import "github.com/govfs/govfs/vfs"

// Ln makes links (link(2), or symlink(2) with -s): "ln TARGET
// LINK_NAME", "ln TARGET" (a link named after it in the cwd), "ln
// TARGET... DIRECTORY". Options: -s/--symbolic, -f/--force (remove an
// existing destination first), -n/--no-dereference (a LINK_NAME that
// is a symlink to a directory is replaced, not entered), -v/--verbose.
// Messages are coreutils': "ln: failed to create symbolic link 'b':
// File exists", "ln: failed to access 'x': No such file or directory",
// "ln: d: hard link not allowed for directory"; status 1 on any
// failure.
func Ln(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "ln", spec: "sfnv", long: map[string]byte{
		"symbolic": 's', "force": 'f', "no-dereference": 'n', "verbose": 'v'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	pairs, ok := destinations(p, "ln", operands, !o.has('n'))
	if !ok {
		return 1
	}
	status := 0
	for _, pr := range pairs {
		if !link(p, o, pr[0], pr[1]) {
			status = 1
		}
	}
	return status
}

// link makes one link dst to src.
func link(p *vfs.Process, o opts, src, dst string) bool {
	var sst, dst0 vfs.Stat_t
	if !o.has('s') {
		if err := p.Stat(src, &sst); err != nil {
			errorf(p, "ln", "failed to access %s: %s", quote(src), strerror(err))
			return false
		}
		if sst.Mode&vfs.S_IFMT == vfs.S_IFDIR {
			errorf(p, "ln", "%s: hard link not allowed for directory", src)
			return false
		}
	}
	if o.has('f') && p.Lstat(dst, &dst0) == nil {
		if dst0.Mode&vfs.S_IFMT == vfs.S_IFDIR {
			errorf(p, "ln", "%s: cannot overwrite directory", quote(dst))
			return false
		}
		if !o.has('s') && dst0.Dev == sst.Dev && dst0.Ino == sst.Ino {
			errorf(p, "ln", "%s and %s are the same file", quote(src), quote(dst))
			return false
		}
		if err := p.Unlink(dst); err != nil && err != vfs.ENOENT {
			errorf(p, "ln", "cannot remove %s: %s", quote(dst), strerror(err))
			return false
		}
	}
	if o.has('s') {
		if err := p.Symlink(src, dst); err != nil {
			errorf(p, "ln", "failed to create symbolic link %s: %s", quote(dst), strerror(err))
			return false
		}
	} else if err := p.Link(src, dst); err != nil {
		if err == vfs.EEXIST {
			errorf(p, "ln", "failed to create hard link %s: %s", quote(dst), strerror(err))
		} else {
			errorf(p, "ln", "failed to create hard link %s => %s: %s", quote(dst), quote(src), strerror(err))
		}
		return false
	}
	if o.has('v') {
		arrow := "=>"
		if o.has('s') {
			arrow = "->"
		}
		printf(p, "%s %s %s\n", quote(dst), arrow, quote(src))
	}
	return true
}

// destinations turns the operands of ln, mv (and cp) into (source,
// destination) pairs: "SRC DST", "SRC... DIR" (each into DIR under its
// last element), and for ln a lone "SRC" (into the cwd). follow says
// whether a DST that is a symlink to a directory counts as the
// directory.
func destinations(p *vfs.Process, prog string, operands []string, follow bool) ([][2]string, bool) {
	switch len(operands) {
	case 0:
		errorf(p, prog, "missing file operand")
		usage(p, prog)
		return nil, false
	case 1:
		if prog != "ln" {
			errorf(p, prog, "missing destination file operand after %s", quote(operands[0]))
			usage(p, prog)
			return nil, false
		}
		return [][2]string{{operands[0], lastElem(operands[0])}}, true
	}
	last := operands[len(operands)-1]
	srcs := operands[:len(operands)-1]
	var st vfs.Stat_t
	var err error
	if follow {
		err = p.Stat(last, &st)
	} else {
		err = p.Lstat(last, &st)
	}
	isDir := err == nil && st.Mode&vfs.S_IFMT == vfs.S_IFDIR
	if !isDir {
		if len(srcs) > 1 {
			if err != nil {
				errorf(p, prog, "target %s: %s", quote(last), strerror(err))
			} else {
				errorf(p, prog, "target %s is not a directory", quote(last))
			}
			return nil, false
		}
		return [][2]string{{srcs[0], last}}, true
	}
	var pairs [][2]string
	for _, s := range srcs {
		sep := "/"
		if last[len(last)-1] == '/' {
			sep = ""
		}
		pairs = append(pairs, [2]string{s, last + sep + lastElem(s)})
	}
	return pairs, true
}
