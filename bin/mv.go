package bin

import "github.com/govfs/govfs/vfs"

// Mv renames (rename(2)): "mv SRC DST" or "mv SRC... DIR". Across
// filesystems (EXDEV) a regular file or symlink is copied, with its
// mode, and the original removed; a directory is not. Options:
// -f/--force (accepted: mv never asks), -n/--no-clobber (leave an
// existing destination alone), -v/--verbose ("renamed 'a' -> 'b'").
// Messages are coreutils': "mv: cannot stat 'x': No such file or
// directory", "mv: cannot move 'd' to a subdirectory of itself,
// 'd/sub'", "mv: cannot overwrite non-directory 'f' with directory
// 'd'", "mv: 'f' and 'f' are the same file"; status 1 on any failure.
func Mv(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "mv", spec: "fnv", long: map[string]byte{
		"force": 'f', "no-clobber": 'n', "verbose": 'v'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	pairs, ok := destinations(p, "mv", operands, true)
	if !ok {
		return 1
	}
	status := 0
	for _, pr := range pairs {
		if !move(p, o, pr[0], pr[1]) {
			status = 1
		}
	}
	return status
}

func move(p *vfs.Process, o opts, src, dst string) bool {
	var sst, dst0 vfs.Stat_t
	if err := p.Lstat(src, &sst); err != nil {
		errorf(p, "mv", "cannot stat %s: %s", quote(src), strerror(err))
		return false
	}
	dstExists := p.Lstat(dst, &dst0) == nil
	if dstExists && dst0.Dev == sst.Dev && dst0.Ino == sst.Ino {
		errorf(p, "mv", "%s and %s are the same file", quote(src), quote(dst))
		return false
	}
	if dstExists && o.has('n') {
		return true
	}
	srcDir := sst.Mode&vfs.S_IFMT == vfs.S_IFDIR
	err := p.Rename(src, dst)
	if err == vfs.EXDEV && !srcDir {
		err = copyAcross(p, src, dst, &sst)
	}
	switch {
	case err == nil:
		if o.has('v') {
			printf(p, "renamed %s -> %s\n", quote(src), quote(dst))
		}
		return true
	case err == vfs.EINVAL && srcDir:
		errorf(p, "mv", "cannot move %s to a subdirectory of itself, %s", quote(src), quote(dst))
	case err == vfs.ENOTDIR && srcDir && dstExists:
		errorf(p, "mv", "cannot overwrite non-directory %s with directory %s", quote(dst), quote(src))
	case err == vfs.EISDIR && dstExists:
		errorf(p, "mv", "cannot overwrite directory %s with non-directory", quote(dst))
	default:
		errorf(p, "mv", "cannot move %s to %s: %s", quote(src), quote(dst), strerror(err))
	}
	return false
}

// copyAcross moves a file to another filesystem: a copy with the same
// mode (or a new symlink to the same target), then unlink.
func copyAcross(p *vfs.Process, src, dst string, st *vfs.Stat_t) error {
	switch st.Mode & vfs.S_IFMT {
	case vfs.S_IFLNK:
		p.Unlink(dst)
		if err := p.Symlink(readlink(p, vfs.AT_FDCWD, src), dst); err != nil {
			return err
		}
	case vfs.S_IFREG:
		in, err := p.Open(src, vfs.O_RDONLY|vfs.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer p.Close(in)
		out, err := p.Open(dst, vfs.O_WRONLY|vfs.O_CREAT|vfs.O_TRUNC|vfs.O_CLOEXEC, st.Mode&0o7777)
		if err != nil {
			return err
		}
		readErr, writeErr := copyFD(p, out, in, make([]byte, 32<<10))
		if err := p.Close(out); writeErr == nil {
			writeErr = err
		}
		if readErr != nil {
			return readErr
		}
		if writeErr != nil {
			return writeErr
		}
		p.Fchmodat(vfs.AT_FDCWD, dst, st.Mode&0o7777, 0)
	default:
		return vfs.EXDEV
	}
	return p.Unlink(src)
}
