package bin

import (
	"strings"

	"github.com/govfs/govfs/vfs"
)

// Chmod changes permission bits (chmod(2)): "chmod MODE FILE...", MODE
// octal ("755") or symbolic ("u+x,go-w", "a=r", "+t"; see parseMode).
// Option -v says what changed; a mode that starts with '-' ("-w") is
// a mode, not an option, as in coreutils. Messages: "chmod: invalid
// mode: '99x'", "chmod: cannot access 'x': No such file or directory",
// "chmod: changing permissions of 'f': Operation not permitted", and
// for a who-less clause the umask kept from applying in full "chmod:
// f: new permissions are r--rw-r--, not r--r--r--"; status 1 on any
// failure.
func Chmod(p *vfs.Process, argv, _ []string) int {
	var modeArgs, rest []string
	verbose := false
	args := tail(argv)
scan:
	for i, a := range args {
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			break scan
		case a == "-v":
			verbose = true
		case len(a) > 1 && a[0] == '-' && strings.Trim(a[1:], "rwxXst,+-=ugoa") == "":
			modeArgs = append(modeArgs, a)
		case len(a) > 1 && a[0] == '-':
			errorf(p, "chmod", "invalid option -- '%c'", a[1])
			usage(p, "chmod")
			return 1
		default:
			rest = append(rest, a)
		}
	}
	if len(modeArgs) == 0 && len(rest) > 0 {
		modeArgs, rest = rest[:1], rest[1:]
	}
	if len(modeArgs) == 0 {
		missingOperand(p, "chmod")
		return 1
	}
	spec := strings.Join(modeArgs, ",")
	if len(rest) == 0 {
		errorf(p, "chmod", "missing operand after %s", quote(spec))
		usage(p, "chmod")
		return 1
	}
	if _, ok := parseMode(spec, 0, false, 0); !ok {
		errorf(p, "chmod", "invalid mode: %s", quote(spec))
		usage(p, "chmod")
		return 1
	}
	umask := uint32(p.CurrentUmask())
	status := 0
	for _, name := range rest {
		var st vfs.Stat_t
		if err := p.Stat(name, &st); err != nil {
			errorf(p, "chmod", "cannot access %s: %s", quote(name), strerror(err))
			status = 1
			continue
		}
		mode, _ := parseMode(spec, st.Mode&0o7777, st.Mode&vfs.S_IFMT == vfs.S_IFDIR, umask)
		if err := p.Chmod(name, mode); err != nil {
			errorf(p, "chmod", "changing permissions of %s: %s", quote(name), strerror(err))
			status = 1
			continue
		}
		if full, _ := parseMode(spec, st.Mode&0o7777, st.Mode&vfs.S_IFMT == vfs.S_IFDIR, 0); full != mode {
			// A who-less clause spared the umask's bits: coreutils
			// says so, and fails.
			errorf(p, "chmod", "%s: new permissions are %s, not %s", name, modeString(mode)[1:], modeString(full)[1:])
			status = 1
		}
		if verbose {
			printf(p, "mode of %s changed from %04o (%s) to %04o (%s)\n", quote(name),
				st.Mode&0o7777, modeString(st.Mode)[1:], mode, modeString(st.Mode&vfs.S_IFMT | mode)[1:])
		}
	}
	return status
}

// Chown changes owner and group (chown(2), or lchown(2) with -h):
// "chown OWNER[:GROUP] FILE...", also "OWNER:" (the owner's login
// group), ":GROUP" and "OWNER.GROUP"; names are looked up in
// /etc/passwd and /etc/group, numbers taken as they are. Messages:
// "chown: invalid user: 'bob'", "chown: invalid group: 'root:bob'",
// "chown: changing ownership of 'f': Operation not permitted"; status
// 1 on any failure. Option -h/--no-dereference changes a symlink
// itself.
func Chown(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "chown", spec: "h", long: map[string]byte{
		"no-dereference": 'h'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	switch len(operands) {
	case 0:
		missingOperand(p, "chown")
		return 1
	case 1:
		errorf(p, "chown", "missing operand after %s", quote(operands[0]))
		usage(p, "chown")
		return 1
	}
	spec := operands[0]
	uid, gid, ok := parseOwner(p, spec)
	if !ok {
		return 1
	}
	status := 0
	for _, name := range operands[1:] {
		var err error
		if o.has('h') {
			err = p.Lchown(name, uid, gid)
		} else {
			err = p.Chown(name, uid, gid)
		}
		switch {
		case err == vfs.ENOENT:
			errorf(p, "chown", "cannot access %s: %s", quote(name), strerror(err))
			status = 1
		case err != nil:
			errorf(p, "chown", "changing ownership of %s: %s", quote(name), strerror(err))
			status = 1
		}
	}
	return status
}

// parseOwner reads "user[:group]" into ids, -1 for what stays;
// "user:" takes the user's login group.
func parseOwner(p *vfs.Process, spec string) (uid, gid int, ok bool) {
	db := loadNames(p)
	user, group, hasSep := strings.Cut(spec, ":")
	if !hasSep {
		user, group, hasSep = strings.Cut(spec, ".")
		if hasSep {
			if _, known := db.lookupUser(spec); known {
				user, group, hasSep = spec, "", false
			}
		}
	}
	uid, gid = -1, -1
	if user != "" {
		u, known := db.lookupUser(user)
		if !known {
			errorf(p, "chown", "invalid user: %s", quote(spec))
			return 0, 0, false
		}
		uid = u.uid
		if hasSep && group == "" {
			gid = u.gid
		}
	}
	if group != "" {
		g, known := db.lookupGroup(group)
		if !known {
			errorf(p, "chown", "invalid group: %s", quote(spec))
			return 0, 0, false
		}
		gid = g
	}
	return uid, gid, true
}
