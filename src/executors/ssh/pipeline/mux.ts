/**
 * The session's runner where the host has perl (nearly every Linux, BSD or Solaris server): one perl
 * process that replaces the session shell once the script has set up its directory and watcher, and
 * speaks the same protocol as the shell functions of script.ts — but starts each command with one
 * fork and one exec, and reads every command's stdout and stderr itself, with select, where the shell
 * needs a process per stream and two per chunk. So a command costs the host its own `/bin/sh -c` and
 * little more, and the exit status comes from waitpid, exact for an exit and for a signal alike.
 *
 * Each command: its own process group (setpgid), SIGINT and SIGQUIT at their defaults, stdin at end of
 * file, stdout and stderr on pipes of its own; its pid in the directory's p<id> (for the watcher, which
 * kills what is left if perl itself is killed). Requests are read in order, so a stop finds its command
 * started or ended. At the end of its input (the channel closed) it says Q, kills what still runs and
 * exits. It loads no module up front (POSIX alone would cost ~10 ms of CPU per session); Config only
 * to name the signal that ended a command.
 */

/**
 * The program, for `perl -e` (arguments: the boundary and the session's directory). Written without a
 * single quote and without `${`, so it can sit in a shell word and in this template as it is.
 */
export const MUX_PROGRAM = String.raw`
use strict; use warnings; no warnings q(once);
my ($t, $d) = @ARGV;
my (%job, %bypid, %fd);
my ($in, $eof) = (q(), 0);
my $nohang = 1;
if (waitpid(-1, $nohang) < 0 && $!{EINVAL}) { $nohang = 64; if (waitpid(-1, $nohang) < 0 && $!{EINVAL}) { require POSIX; $nohang = POSIX::WNOHANG(); } }
pipe(my $wr, my $ww) or exit 113;
$SIG{CHLD} = sub { syswrite $ww, q(x) };
$SIG{PIPE} = q(IGNORE);
binmode STDIN; binmode STDOUT;
sub bye { for my $j (values %job) { kill(q(KILL), -$j->{pid}) unless defined $j->{status}; } exit 0; }
sub put { my $s = shift; my $o = 0;
  while ($o < length $s) { my $n = syswrite STDOUT, $s, length($s) - $o, $o;
    if (!defined $n) { next if $!{EINTR} || $!{EAGAIN}; bye(); } $o += $n; } }
sub mark { put("$t $_[0]\n") }
sub signame { require Config; my @n = split / /, $Config::Config{sig_name}; return $n[$_[0]] || q(KILL); }
sub done { my $id = shift; my $j = $job{$id};
  return if !$j || $j->{open} > 0 || !defined $j->{status};
  my $s = $j->{status};
  mark(($s & 127) ? "E $id s " . signame($s & 127) : "E $id c " . ($s >> 8));
  unlink "$d/p$id"; delete $bypid{$j->{pid}}; delete $job{$id}; }
sub reap { while ((my $p = waitpid(-1, $nohang)) > 0) { my $id = $bypid{$p}; next unless defined $id; $job{$id}{status} = $?; done($id); } }
sub failed { mark("S $_[0]"); mark("E $_[0] c 255"); }
sub run { my ($id, $cmd) = @_;
  pipe(my $or, my $ow) or return failed($id);
  pipe(my $er, my $ew) or return failed($id);
  my $pid = fork;
  return failed($id) unless defined $pid;
  if ($pid == 0) {
    setpgrp(0, 0); $SIG{$_} = q(DEFAULT) for qw(INT QUIT CHLD PIPE TERM HUP);
    open(STDIN, q(<), q(/dev/null)); open(STDOUT, q(>&), $ow); open(STDERR, q(>&), $ew);
    if (open(my $w8, q(>&=), 8)) { close($w8); }
    exec(q(/bin/sh), q(-c), $cmd) or exit 127; }
  setpgrp($pid, $pid);
  close $ow; close $ew;
  if (open my $pf, q(>), "$d/p$id") { print $pf "$pid\n"; close $pf; }
  mark("S $id");
  $job{$id} = { pid => $pid, open => 2, status => undef }; $bypid{$pid} = $id;
  $fd{fileno $or} = [$id, q(o), $or]; $fd{fileno $er} = [$id, q(e), $er]; }
sub stop { my $id = shift; mark("X $id"); my $j = $job{$id};
  return if !$j || defined $j->{status}; kill(q(KILL), -$j->{pid}) or kill(q(KILL), $j->{pid}); }
sub quit { mark(q(Q)); bye(); }
sub requests {
  while (1) {
    if ($in =~ /\Ap_stop ([0-9]+)\n/) { my $id = $1; substr($in, 0, $+[0], q()); stop($id); next; }
    if ($in !~ /\Ap_run ([0-9]+) /) { my $nl = index($in, "\n"); return if $nl < 0; substr($in, 0, $nl + 1, q()); next; }
    my ($id, $p, $w) = ($1, $+[0], q());
    if (substr($in, $p, 1) ne chr(39)) {
      my $nl = index($in, "\n", $p); return if $nl < 0;
      $w = substr($in, $p, $nl - $p); substr($in, 0, $nl + 1, q()); run($id, $w); next; }
    while (1) {
      my $c = index($in, chr(39), $p + 1); return if $c < 0;
      $w .= substr($in, $p + 1, $c - $p - 1);
      return if length($in) < $c + 2;
      if (substr($in, $c + 1, 1) eq "\n") { substr($in, 0, $c + 2, q()); run($id, $w); last; }
      return if length($in) < $c + 4;
      $w .= chr(39); $p = $c + 3; } } }
mark(q(R mux));
while (1) {
  my $rin = q(); vec($rin, fileno(STDIN), 1) = 1 unless $eof; vec($rin, fileno($wr), 1) = 1;
  vec($rin, $_, 1) = 1 for keys %fd;
  my $n = select(my $rout = $rin, undef, undef, undef);
  if ($n < 0) { next if $!{EINTR}; quit(); }
  if (vec($rout, fileno($wr), 1)) { sysread $wr, my $x, 512; }
  for my $k (keys %fd) {
    next unless vec($rout, $k, 1);
    my ($id, $s, $h) = @{$fd{$k}};
    my $got = sysread $h, my $buf, 65536;
    if (!defined $got) { next if $!{EINTR} || $!{EAGAIN}; $got = 0; }
    if ($got) { mark("D $id $s"); put($buf); next; }
    close $h; delete $fd{$k}; $job{$id}{open}--; done($id); }
  if (!$eof && vec($rout, fileno(STDIN), 1)) {
    my $got = sysread STDIN, my $buf, 65536;
    if (!defined $got) { next if $!{EINTR}; $got = 0; }
    if (!$got) { $eof = 1; quit(); }
    $in .= $buf; requests(); }
  reap(); }
`;
