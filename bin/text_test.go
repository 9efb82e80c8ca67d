package bin_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func textFiles(t *testing.T, p *vfs.Process) {
	write(t, p, "/tmp/w", "a b  c\nd\n", 0o644)
	write(t, p, "/tmp/n", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", 0o644)
	write(t, p, "/tmp/bin", "a\x00b\nxa\n", 0o644)
	require.NoError(t, p.MkdirAll("/tmp/r/s", 0o755))
	write(t, p, "/tmp/r/one", "needle here\nno\n", 0o644)
	write(t, p, "/tmp/r/s/two", "hay\nNeedle there\n", 0o644)
	require.NoError(t, p.Symlink("/tmp/w", "/tmp/r/link"))
}

func TestWcHeadTee(t *testing.T) {
	runCases(t, []progCase{
		{name: "wc_counts_lines_words_bytes", setup: textFiles, argv: []string{"wc", "/tmp/w"}, stdout: "2 4 9 /tmp/w\n"},
		{name: "wc_widths_follow_the_total_size", setup: textFiles, argv: []string{"wc", "-l", "/tmp/w", "/tmp/nope", "/tmp/w"},
			stdout: " 2 /tmp/w\n 2 /tmp/w\n 4 total\n", stderr: "wc: /tmp/nope: No such file or directory\n", code: 1},
		{name: "wc_on_a_pipe_is_7_wide", stdin: "one two\n", argv: []string{"wc"}, stdout: "      1       2       8\n"},
		{name: "wc_single_count_single_input_is_1_wide", stdin: "one two\n", argv: []string{"wc", "-w"}, stdout: "2\n"},
		{name: "wc_bad_option", argv: []string{"wc", "-z"},
			stderr: "wc: invalid option -- 'z'\nTry 'wc --help' for more information.\n", code: 1},
		{name: "head_first_10_lines", setup: textFiles, argv: []string{"head", "/tmp/n"}, stdout: "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"},
		{name: "head_n", setup: textFiles, argv: []string{"head", "-n", "2", "/tmp/n"}, stdout: "1\n2\n"},
		{name: "head_dash_number", setup: textFiles, argv: []string{"head", "-3", "/tmp/n"}, stdout: "1\n2\n3\n"},
		{name: "head_negative_n_drops_the_last", setup: textFiles, argv: []string{"head", "-n", "-10", "/tmp/n"}, stdout: "1\n2\n"},
		{name: "head_c", stdin: "abcdef", argv: []string{"head", "-c", "4"}, stdout: "abcd"},
		{name: "head_headers_for_several_files", setup: textFiles, argv: []string{"head", "-n1", "/tmp/w", "/tmp/nope", "/tmp/n"},
			stdout: "==> /tmp/w <==\na b  c\n\n==> /tmp/n <==\n1\n",
			stderr: "head: cannot open '/tmp/nope' for reading: No such file or directory\n", code: 1},
		{name: "head_stops_reading_an_endless_file", argv: []string{"head", "-c", "5", "/dev/zero"}, stdout: "\x00\x00\x00\x00\x00"},
		{name: "head_n_stops_reading_too", argv: []string{"head", "-n", "0", "/dev/zero"}},
		{name: "head_bad_number", argv: []string{"head", "-n", "x"}, stderr: "head: invalid number of lines: 'x'\n", code: 1},
		{name: "tee_copies_to_files_and_stdout", stdin: "hi\n", argv: []string{"tee", "/tmp/t1", "/tmp/t2"}, stdout: "hi\n",
			check: func(t *testing.T, p *vfs.Process) {
				for _, f := range []string{"/tmp/t1", "/tmp/t2"} {
					data, err := p.ReadFile(f)
					require.NoError(t, err)
					require.Equal(t, "hi\n", string(data))
				}
			}},
		{name: "tee_a_appends", setup: textFiles, stdin: "e\n", argv: []string{"tee", "-a", "/tmp/w"}, stdout: "e\n",
			check: func(t *testing.T, p *vfs.Process) {
				data, err := p.ReadFile("/tmp/w")
				require.NoError(t, err)
				require.Equal(t, "a b  c\nd\ne\n", string(data))
			}},
		{name: "tee_reports_a_file_and_goes_on", stdin: "hi\n", argv: []string{"tee", "/nope/x"}, stdout: "hi\n",
			stderr: "tee: /nope/x: No such file or directory\n", code: 1},
	})
}

func TestGrep(t *testing.T) {
	runCases(t, []progCase{
		{name: "prints_matching_lines", setup: textFiles, argv: []string{"grep", "b", "/tmp/w"}, stdout: "a b  c\n"},
		{name: "no_match_is_status_1", setup: textFiles, argv: []string{"grep", "zzz", "/tmp/w"}, code: 1},
		{name: "stdin_and_options", stdin: "Foo\nbar\nfoo\n", argv: []string{"grep", "-in", "foo"}, stdout: "1:Foo\n3:foo\n"},
		{name: "v_inverts", stdin: "Foo\nbar\nfoo\n", argv: []string{"grep", "-v", "foo"}, stdout: "Foo\nbar\n"},
		{name: "c_counts_per_file", setup: textFiles, argv: []string{"grep", "-c", "a", "/tmp/w", "/tmp/n"}, stdout: "/tmp/w:1\n/tmp/n:0\n"},
		{name: "l_names_files", setup: textFiles, argv: []string{"grep", "-l", "a", "/tmp/w", "/tmp/n"}, stdout: "/tmp/w\n"},
		{name: "q_is_silent", setup: textFiles, argv: []string{"grep", "-q", "a", "/tmp/nope", "/tmp/w"},
			stderr: "grep: /tmp/nope: No such file or directory\n"},
		{name: "r_recurses_sorted_without_symlinks", setup: textFiles, argv: []string{"grep", "-ri", "needle", "/tmp/r"},
			stdout: "/tmp/r/one:needle here\n/tmp/r/s/two:Needle there\n"},
		{name: "r_skips_fifos_and_devices_which_would_block", setup: func(t *testing.T, p *vfs.Process) {
			textFiles(t, p)
			require.NoError(t, p.Mkfifo("/tmp/r/fifo", 0o644))
			require.NoError(t, p.Mknod("/tmp/r/console", vfs.S_IFCHR|0o600, int(vfs.Mkdev(5, 1))))
		}, argv: []string{"grep", "-r", "needle", "/tmp/r"}, stdout: "/tmp/r/one:needle here\n"},
		{name: "r_without_operand_is_the_cwd", setup: func(t *testing.T, p *vfs.Process) {
			textFiles(t, p)
			require.NoError(t, p.Chdir("/tmp/r"))
		}, argv: []string{"grep", "-r", "eedle"}, stdout: "one:needle here\ns/two:Needle there\n"},
		{name: "basic_regexp_operators", stdin: "a(b\naab\nab\n", argv: []string{"grep", `a\+b`}, stdout: "aab\nab\n"},
		{name: "basic_regexp_literal_paren", stdin: "a(b\naab\n", argv: []string{"grep", "a(b"}, stdout: "a(b\n"},
		{name: "extended_regexp", stdin: "ab\ncd\nef\n", argv: []string{"grep", "-E", "a|e"}, stdout: "ab\nef\n"},
		{name: "fixed_string", stdin: "a.b\naxb\n", argv: []string{"grep", "-F", "a.b"}, stdout: "a.b\n"},
		{name: "x_and_w", stdin: "foo\nfoobar\nfoo bar\n", argv: []string{"grep", "-w", "foo"}, stdout: "foo\nfoo bar\n"},
		{name: "binary_file_matches", setup: textFiles, argv: []string{"grep", "a", "/tmp/bin"},
			stderr: "grep: /tmp/bin: binary file matches\n"},
		{name: "missing_file_is_status_2", setup: textFiles, argv: []string{"grep", "a", "/tmp/nope", "/tmp/w"},
			stdout: "/tmp/w:a b  c\n", stderr: "grep: /tmp/nope: No such file or directory\n", code: 2},
		{name: "s_hides_messages", argv: []string{"grep", "-s", "a", "/tmp/nope"}, code: 2},
		{name: "directory_without_r", argv: []string{"grep", "a", "/tmp"}, stderr: "grep: /tmp: Is a directory\n", code: 2},
		{name: "no_pattern", argv: []string{"grep"},
			stderr: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", code: 2},
		{name: "bad_regexp", stdin: "x\n", argv: []string{"grep", "-E", "a("},
			stderr: "grep: Invalid regular expression\n", code: 2},
	})
}
