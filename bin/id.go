package bin

import (
	"slices"
	"strconv"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// Id prints identities: "uid=0(root) gid=0(root) groups=0(root)" for
// the caller (getuid, getgid, getgroups; "euid=" and "egid=" too when
// they differ), or for a USER from /etc/passwd and /etc/group. Options
// -u, -g, -G print only the uid, the gid or all group ids, -n names
// instead of numbers. "id: 'bob': no such user", status 1.
func Id(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "id", spec: "ugGn", long: map[string]byte{
		"user": 'u', "group": 'g', "groups": 'G', "name": 'n'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	db := loadNames(p)
	uid, gid := p.Getuid(), p.Getgid()
	euid, egid := p.Geteuid(), p.Getegid()
	groups := append([]int{egid}, p.Getgroups()...)
	switch len(operands) {
	case 0:
	case 1:
		u, known := db.lookupUser(operands[0])
		if !known || u.gid < 0 {
			errorf(p, "id", "%s: no such user", quote(operands[0]))
			return 1
		}
		uid, euid, gid, egid = u.uid, u.uid, u.gid, u.gid
		groups = userGroups(db, u)
	default:
		errorf(p, "id", "extra operand %s", quote(operands[1]))
		usage(p, "id")
		return 1
	}
	groups = dedup(groups)
	name := func(id int, isUser bool) string {
		if isUser {
			return db.user(uint32(id))
		}
		return db.group(uint32(id))
	}
	one := func(id int, isUser bool) string {
		if o.has('n') {
			return name(id, isUser)
		}
		return strconv.Itoa(id)
	}
	switch {
	case o.has('u'):
		printf(p, "%s\n", one(euid, true))
	case o.has('g'):
		printf(p, "%s\n", one(egid, false))
	case o.has('G'):
		var f []string
		for _, g := range groups {
			f = append(f, one(g, false))
		}
		printf(p, "%s\n", strings.Join(f, " "))
	default:
		both := func(id int, isUser bool) string { return strconv.Itoa(id) + "(" + name(id, isUser) + ")" }
		line := "uid=" + both(uid, true) + " gid=" + both(gid, false)
		if euid != uid {
			line += " euid=" + both(euid, true)
		}
		if egid != gid {
			line += " egid=" + both(egid, false)
		}
		var f []string
		for _, g := range groups {
			f = append(f, both(g, false))
		}
		printf(p, "%s groups=%s\n", line, strings.Join(f, ","))
	}
	return 0
}

// userGroups is a user's login group and every group that lists it as
// a member (getgrouplist(3)).
func userGroups(db *names, u passwdEntry) []int {
	groups := []int{u.gid}
	for _, g := range db.groups {
		if slices.Contains(g.members, u.name) {
			groups = append(groups, g.gid)
		}
	}
	return groups
}

func dedup(ids []int) []int {
	var out []int
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Su runs a shell as another user: "su [-] [-l] [USER] [-c CMD]",
// USER root by default. Only root may: su sets the supplementary
// groups (the user's login group and those /etc/group lists it in, as
// initgroups(3) does), then the gid, then the uid,
// from USER's /etc/passwd line, sets HOME, SHELL, USER and LOGNAME,
// and execs /bin/sh (with "-c CMD" if given), whatever shell passwd
// names. With "-" or -l it starts a login shell (argv[0] "-sh") in
// the user's home, with an environment of only those variables, TERM
// and PATH=/bin. Anyone else gets "su: Authentication failure" and
// status 1: govfs models no passwords. "su: user bob does not exist",
// status 1; a missing /bin/sh is "su: failed to execute /bin/sh: No
// such file or directory", status 127 (126 when it cannot be run).
func Su(p *vfs.Process, argv, envv []string) int {
	args := tail(argv)
	login := false
	var user, cmd string
	hasCmd := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-" || a == "-l" || a == "--login":
			login = true
		case a == "-c" || a == "--command":
			if i+1 == len(args) {
				errorf(p, "su", "option requires an argument -- 'c'")
				usage(p, "su")
				return 1
			}
			i++
			cmd, hasCmd = args[i], true
		case len(a) > 1 && a[0] == '-':
			errorf(p, "su", "invalid option -- '%c'", a[1])
			usage(p, "su")
			return 1
		case user == "":
			user = a
		default:
			errorf(p, "su", "extra operand %s", quote(a))
			return 1
		}
	}
	if user == "" {
		user = "root"
	}
	if p.Geteuid() != 0 {
		errorf(p, "su", "Authentication failure")
		return 1
	}
	db := loadNames(p)
	u, known := db.lookupUser(user)
	if !known || u.gid < 0 || u.name == "" {
		errorf(p, "su", "user %s does not exist", user)
		return 1
	}
	if err := p.Setgroups(userGroups(db, u)); err != nil { // initgroups(3): the login group too
		complain(p, "su", "cannot set groups", err)
		return 1
	}
	if err := p.Setgid(u.gid); err != nil {
		complain(p, "su", "cannot set group id", err)
		return 1
	}
	if err := p.Setuid(u.uid); err != nil {
		complain(p, "su", "cannot set user id", err)
		return 1
	}
	env := suEnv(envv, u, login)
	shArgv := []string{"sh"}
	if login {
		shArgv[0] = "-sh"
		if err := p.Chdir(u.home); err != nil {
			errorf(p, "su", "warning: cannot change directory to %s: %s", u.home, strerror(err))
		}
	}
	if hasCmd {
		shArgv = append(shArgv, "-c", cmd)
	}
	if err := p.Exec("/bin/sh", shArgv, env); err != nil {
		errorf(p, "su", "failed to execute /bin/sh: %s", strerror(err))
		if err == vfs.ENOENT {
			return 127
		}
		return 126
	}
	return 0 // not reached: the shell ran and the process exited
}

// suEnv is the shell's environment: envv with HOME, SHELL, USER and
// LOGNAME set, or for a login shell only those, TERM and PATH.
func suEnv(envv []string, u passwdEntry, login bool) []string {
	set := map[string]string{"HOME": u.home, "SHELL": "/bin/sh", "USER": u.name, "LOGNAME": u.name}
	var env []string
	for _, kv := range envv {
		k, _, _ := strings.Cut(kv, "=")
		if _, ours := set[k]; ours || (login && k != "TERM") {
			continue
		}
		env = append(env, kv)
	}
	if login {
		env = append(env, "PATH=/bin")
	}
	for _, k := range []string{"HOME", "SHELL", "USER", "LOGNAME"} {
		env = append(env, k+"="+set[k])
	}
	return env
}
