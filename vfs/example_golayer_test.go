package vfs_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/govfs/govfs"
)

// p.FS() is the process's tree as an fs.FS: names are slash-separated
// and unrooted, "etc/motd" being the path /etc/motd.
func ExampleProcess_FS() {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	p := k.Init()
	p.WriteFile("/etc/motd", []byte("welcome to govfs\n"), 0o644)

	data, err := fs.ReadFile(p.FS(), "etc/motd")
	fmt.Printf("%q %v\n", data, err)
	fi, _ := fs.Stat(p.FS(), "etc/motd")
	fmt.Println(fi.Name(), fi.Size(), fi.Mode())
	_, err = fs.ReadFile(p.FS(), "etc/missing")
	fmt.Println(err, errors.Is(err, fs.ErrNotExist))
	_, err = p.FS().Open("/etc/motd")
	fmt.Println(err)
	// Output:
	// "welcome to govfs\n" <nil>
	// motd 17 -rw-r--r--
	// open etc/missing: no such file or directory true
	// open /etc/motd: invalid argument
}

// fs.WalkDir visits the tree in lexical order; d.Info() lstats the entry
// when asked.
func ExampleProcess_FS_walkDir() {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	p := k.Init()
	p.MkdirAll("/home/ann/notes", 0o755)
	p.WriteFile("/home/ann/notes/todo", []byte("walk the tree"), 0o600)
	p.WriteFile("/home/ann/.profile", []byte("umask 022\n"), 0o644)
	p.Symlink("notes/todo", "/home/ann/todo")

	fs.WalkDir(p.FS(), "home", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			fmt.Printf("%-22s %v\n", name, fi.Mode())
		} else {
			fmt.Printf("%-22s %v %d\n", name, fi.Mode(), fi.Size())
		}
		return nil
	})
	// Output:
	// home                   drwxr-xr-x
	// home/ann               drwxr-xr-x
	// home/ann/.profile      -rw-r--r-- 10
	// home/ann/notes         drwxr-xr-x
	// home/ann/notes/todo    -rw------- 13
	// home/ann/todo          Lrwxrwxrwx 10
}

// OpenFile takes the os package's flags, so code written for os.OpenFile
// carries over; the handle is an io.ReadWriteSeeker.
func ExampleProcess_OpenFile() {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	p := k.Init()

	f, err := p.OpenFile("/tmp/log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		panic(err)
	}
	fmt.Fprintln(f, "first")
	f.Close()
	f, _ = p.OpenFile("/tmp/log", os.O_WRONLY|os.O_APPEND, 0)
	fmt.Fprintln(f, "second")
	f.Close()

	f, _ = p.OpenFile("/tmp/log", os.O_RDONLY, 0)
	all, _ := io.ReadAll(f)
	fi, _ := f.Stat()
	f.Close()
	fmt.Printf("%q %v\n", all, fi.Mode())

	_, err = p.OpenFile("/tmp/log", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	fmt.Println(err, errors.Is(err, fs.ErrExist))
	// Output:
	// "first\nsecond\n" -rw-r-----
	// open /tmp/log: file exists true
}

// MkdirAll makes the missing parents and is content when the directory
// is already there; relative names start at the cwd.
func ExampleProcess_MkdirAll() {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	p := k.Init()
	p.Chdir("/home")

	fmt.Println(p.MkdirAll("ann/src/govfs", 0o755))
	fmt.Println(p.MkdirAll("ann/src", 0o755))
	p.WriteFile("ann/file", nil, 0o644)
	fmt.Println(p.MkdirAll("ann/file/sub", 0o755))
	fi, _ := fs.Stat(p.FS(), "home/ann/src/govfs")
	fmt.Println(fi.IsDir())
	// Output:
	// <nil>
	// <nil>
	// mkdir ann/file: not a directory
	// true
}

// ReadFile returns the whole file, with no io.EOF at its end.
func ExampleProcess_ReadFile() {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	p := k.Init()
	p.WriteFile("/etc/hostname", []byte("govfs\n"), 0o644)

	data, err := p.ReadFile("/etc/hostname")
	fmt.Printf("%q %v\n", data, err)
	_, err = p.ReadFile("/etc")
	fmt.Println(err)
	// Output:
	// "govfs\n" <nil>
	// read /etc: is a directory
}

// WriteFile creates with perm (less the umask) or truncates, keeping the
// file's mode.
func ExampleProcess_WriteFile() {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	p := k.Init()
	p.Umask(0o022)

	p.WriteFile("/tmp/config", []byte("a long first version"), 0o666)
	p.WriteFile("/tmp/config", []byte("v2"), 0o600)
	data, _ := p.ReadFile("/tmp/config")
	fi, _ := fs.Stat(p.FS(), "tmp/config")
	fmt.Printf("%q %v\n", data, fi.Mode())
	fmt.Println(p.WriteFile("/nodir/config", nil, 0o644))
	// Output:
	// "v2" -rw-r--r--
	// open /nodir/config: no such file or directory
}

// Remove takes a file or an empty directory.
func ExampleProcess_Remove() {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	p := k.Init()
	p.MkdirAll("/tmp/d/sub", 0o755)
	p.WriteFile("/tmp/f", nil, 0o644)

	fmt.Println(p.Remove("/tmp/f"))
	fmt.Println(p.Remove("/tmp/d/sub"))
	fmt.Println(p.Remove("/tmp/d/sub"))
	p.MkdirAll("/tmp/d/sub", 0o755)
	err := p.Remove("/tmp/d")
	fmt.Println(err, errors.Is(err, fs.ErrExist))
	// Output:
	// <nil>
	// <nil>
	// remove /tmp/d/sub: no such file or directory
	// remove /tmp/d: directory not empty true
}

// RemoveAll takes a whole tree, never following a symlink out of it, and
// is content when there is nothing to remove.
func ExampleProcess_RemoveAll() {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	p := k.Init()
	p.MkdirAll("/tmp/build/obj", 0o755)
	p.WriteFile("/tmp/build/obj/a.o", []byte{0x7f, 'E', 'L', 'F'}, 0o644)
	p.Symlink("/home", "/tmp/build/home")
	p.WriteFile("/home/keep", []byte("kept"), 0o644)

	fmt.Println(p.RemoveAll("/tmp/build"))
	fmt.Println(p.RemoveAll("/tmp/build"))
	_, err := fs.Stat(p.FS(), "tmp/build")
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	data, _ := p.ReadFile("/home/keep")
	fmt.Printf("%s\n", data)
	// Output:
	// <nil>
	// <nil>
	// true
	// kept
}
