# text.pl FILE - perl text processing for bench/: word counts, regex rewriting, formatting.
#
# Run by Debian's perl (perl-base only: strict and warnings) under each runner; the printed
# summary must match exactly.  Example: perl bench/scripts/text.pl text.txt
use strict;
use warnings;

my (%count, %len, $lines, $chars, $commas, $sum);
open(my $fh, '<', $ARGV[0]) or die "text.pl: $ARGV[0]: $!\n";
while (my $line = <$fh>) {
    chomp $line;
    $lines++;
    $chars += length $line;
    $commas += ($line =~ tr/,//);
    if ($line =~ s/\s(\d+)\.$//) {
        $sum += $1;
    }
    (my $t = $line) =~ s/\b([a-z])([a-z]*)\b/\u$1\L$2/g;
    $t =~ s/(\w+)\s+\1/$1/g;
    for my $w (split /[\s,]+/, lc $t) {
        next if $w eq '';
        $count{$w}++;
        $len{length $w}++;
    }
}
close $fh;
my @top = (sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count)[0 .. 9];
printf "%d lines, %d chars, %d commas, number sum %d, %d distinct words\n",
    $lines, $chars, $commas, $sum, scalar keys %count;
printf "%-12s %7d\n", $_, $count{$_} for @top;
print join(' ', map { "$_:$len{$_}" } sort { $a <=> $b } keys %len), "\n";
my $check = 0;
$check = ($check * 31 + unpack('%32C*', $_) + $count{$_}) % 1000000007 for sort keys %count;
print "checksum $check\n";
