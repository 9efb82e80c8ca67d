package main

import (
	"bytes"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// The race a directory fd closes. root (pid 1) reads /srv/app/config
// once it has checked that it is root's own file; a user who may write
// /srv (uid 1000, pid 2) swaps /srv/app for a directory of its own
// between the check and the open. The swap is made on purpose between
// the two steps, so the story always goes the same way; in real life
// the attacker retries until the timing works.

const (
	goodConfig = "port=80      # root's config, the file that was checked\n"
	evilConfig = "port=31337   # planted by uid 1000\n"
)

func (s *story) race() error {
	p := s.p
	s.say("\n== 2. check, then open: the race a directory fd closes ==")
	if err := s.setupRace(); err != nil {
		return err
	}
	attacker := s.user
	s.say("/srv is a shared directory (mode 0777). root's /srv/app/config says")
	s.say("  %q; uid 1000 (pid %d) keeps its own /srv/upload/config.", goodConfig[:7], attacker.Pid())
	swap := func() error {
		s.say("  ...meanwhile pid %d: rename(\"/srv/app\", \"/srv/app.old\"); rename(\"/srv/upload\", \"/srv/app\")", attacker.Pid())
		if err := attacker.Rename("/srv/app", "/srv/app.old"); err != nil {
			return err
		}
		return attacker.Rename("/srv/upload", "/srv/app")
	}
	unswap := func() error {
		if err := attacker.Rename("/srv/app", "/srv/upload"); err != nil {
			return err
		}
		return attacker.Rename("/srv/app.old", "/srv/app")
	}

	s.say("\nBy path: stat(\"/srv/app/config\") to check, then open(\"/srv/app/config\").")
	var checked vfs.Stat_t
	if err := p.Stat("/srv/app/config", &checked); err != nil {
		return err
	}
	s.say("  check: inode %d, uid %d, a regular file: safe to read.", checked.Ino, checked.Uid)
	if err := swap(); err != nil {
		return err
	}
	got, ino, err := readAt(p, vfs.AT_FDCWD, "/srv/app/config")
	if err != nil {
		return err
	}
	s.say("  open + read: inode %d, %q", ino, got)
	s.say("  The open walked the path again and found uid 1000's file: the check was")
	s.say("  about inode %d, the read is of inode %d. Time of check is not time of use.", checked.Ino, ino)
	if err := unswap(); err != nil {
		return err
	}

	s.say("\nBy directory fd: dirfd = open(\"/srv/app\", O_DIRECTORY), fstatat(dirfd, \"config\"),")
	s.say("then openat(dirfd, \"config\").")
	dirfd, err := p.Open("/srv/app", vfs.O_RDONLY|vfs.O_DIRECTORY|vfs.O_NOFOLLOW, 0)
	if err != nil {
		return err
	}
	defer p.Close(dirfd)
	if err := p.Fstatat(dirfd, "config", &checked, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
		return err
	}
	s.say("  check: inode %d, uid %d, a regular file: safe to read.", checked.Ino, checked.Uid)
	if err := swap(); err != nil {
		return err
	}
	var walk bytes.Buffer
	s.traceTo(&walk)
	got, ino, err = readAt(p, dirfd, "config")
	s.traceTo(nil)
	if err != nil {
		return err
	}
	s.say("  openat + read: inode %d, %q", ino, got)
	s.say("  The same file that was checked. The walk started from the directory the fd")
	s.say("  holds, wherever it now is; its trace says so:")
	s.say("%s", indent(firstCall(walk.String())))
	s.say("An fd names an object, a path only says how to find one. The *at calls let")
	s.say("a program look a name up once, keep the directory, and work relative to it.")
	return nil
}

// setupRace makes /srv (0777), root's /srv/app/config and uid 1000's
// /srv/upload/config.
func (s *story) setupRace() error {
	p := s.p
	if err := p.Chmod("/srv", 0o777); err != nil {
		return err
	}
	for _, d := range []struct {
		dir, config string
		uid         int
	}{{"/srv/app", goodConfig, 0}, {"/srv/upload", evilConfig, 1000}} {
		if err := p.Mkdir(d.dir, 0o755); err != nil {
			return err
		}
		fd, err := p.Open(d.dir+"/config", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, err = p.Write(fd, []byte(d.config))
		p.Close(fd)
		if err != nil {
			return err
		}
		for _, path := range []string{d.dir, d.dir + "/config"} {
			if err := p.Chown(path, d.uid, d.uid); err != nil {
				return err
			}
		}
	}
	return nil
}

// readAt opens name relative to dirfd, reads it and says which inode it
// read.
func readAt(p *vfs.Process, dirfd int, name string) (string, uint64, error) {
	fd, err := p.Openat(dirfd, name, vfs.O_RDONLY|vfs.O_NOFOLLOW, 0)
	if err != nil {
		return "", 0, err
	}
	defer p.Close(fd)
	var st vfs.Stat_t
	if err := p.Fstat(fd, &st); err != nil {
		return "", 0, err
	}
	buf := make([]byte, 128)
	n, err := p.Read(fd, buf)
	return string(buf[:n]), st.Ino, err
}

// firstCall is the first traced call of a trace, with its layers.
func firstCall(trace string) string {
	if i := strings.Index(trace, "\n["); i >= 0 {
		return trace[:i+1]
	}
	return trace
}
