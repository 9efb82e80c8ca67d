// Package devfs is devtmpfs, mounted at /dev by govfs.Boot, and the
// drivers of the standard devices.
//
// # Devices
//
// A device is an inode whose type (S_IFCHR or S_IFBLK) and number
// (major:minor) pick a driver, and whose mode and owner decide who may
// use it. The VFS does the picking (vfs.Kernel.RegisterCharDevice,
// chrdev_open): opening a device node anywhere — in /dev, or a node
// made with mknod(2) in tmpfs — asks the driver registered for its
// number for the File's operations. devfs only names the devices:
//
//	null 1:3, zero 1:5, full 1:7, random 1:8, urandom 1:9   (mem.go)
//	tty 5:0, console 5:1                                     (console.go)
//	ram0, block 1:0                                          (ram.go)
//	st0 9:0 (rewinding), nst0 9:128                          (tape.go)
//	ptmx 5:2, and in devpts at /dev/pts: ptmx, N 136:N       (pty.go, devpts.go)
//	poll 240:0, Solaris's /dev/poll                          (devpoll.go)
//	fd → /proc/self/fd, stdin, stdout, stderr → /proc/self/fd/0..2
//
// Their modes and owners are Linux's: 0666 root:root for the memory
// devices, tty, ptmx and poll, 0600 for the console, and udev's 0660 root:disk for
// ram0 and 0660 root:tape for the tapes. A driver that any other
// package registers gets a node too, named after its range (Device.Name
// for one number, Name0, Name1, ... for several), mode 0600, unless
// FS.AddNode names it.
//
// # The filesystem
//
// devtmpfs is a tmpfs, as on Linux: Register fills one tmpfs
// superblock under the type "devtmpfs" (tmpfs.FillSuper), and every
// mount of devtmpfs shows that one instance. A kernel thread rooted in
// it (vfs.Kernel.KernelThread, Linux's kdevtmpfs) makes the nodes with
// mknod(2) and chown(2) as drivers register: AddNode for the names
// above, and a node per number for a range no AddNode named
// (vfs.Kernel.OnRegisterDevice). Everything else is tmpfs's: root may
// make files, directories, symlinks and more nodes in /dev, rename and
// remove them (even /dev/null, as on Linux); chmod(2) and chown(2) of a
// node last; statfs reports tmpfs's magic; the root is 0755. Mount
// options reconfigure the one instance, as devtmpfs's mount does.
// vfstest.TestFileSystem runs on it (devfs's TestFileSystem), and
// vfstest.TestDevice on each driver's node (TestDevices).
//
// # What a Go model leaves out
//
// The console has one terminal's worth of line discipline (n_tty):
// ICANON, ECHO and ICRNL on input; output is written through as is.
// A pseudo-terminal's slave has the same line discipline and applies
// OPOST/ONLCR to what its master reads. devpts has one instance per
// kernel and ignores its mount options (mode=600, ptmxmode=000 are
// what it shows).
// There are no sessions or process groups: every process's controlling
// terminal is the console, so /dev/tty is the console and TIOCGPGRP
// answers init's group, 1. /dev/zero maps fresh zeroed memory and ram0
// its sectors (a shared mapping aliases them: ram_mmap.go); the other
// drivers have no mmap (ENODEV), as on Linux.
package devfs
