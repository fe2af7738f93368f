#!/bin/sh
# cpu-models.sh - -cpu selects MIDR, HWCAP/HWCAP2, the ID registers and /proc/cpuinfo together:
# the idregs guest program (which checks that the three agree, see tests/guest/idregs.c) runs
# under every model listed by -cpu help, through -cpu and through VEMU_CPU, and each model
# advertises what its architecture level implies minus what vemu does not implement; an
# extension a model does not advertise raises SIGILL (isa-ext under the v8.0 model).
#
#   tests/cli/cpu-models.sh VEMU IDREGS_PROG ISA_EXT_PROG
# Prints "ok N - what" / "not ok N - what" and ends with "N passed, M failed".
set -u
vemu=$1 idregs=$2 isaext=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vemu-cpu.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$tmp/out" | head -20; }

# HWCAP bits (uapi asm/hwcap.h)
FP=0 ASIMD=1 AES=3 PMULL=4 SHA1=5 SHA2=6 CRC32=7 ATOMICS=8 FPHP=9 ASIMDHP=10 CPUID=11
RDM=12 JSCVT=13 FCMA=14 LRCPC=15 DCPOP=16 SHA3=17 SM3=18 SM4=19 DP=20 SHA512=21 SVE=22 ASIMDFHM=23
DIT=24
SSBS=28 PACA=30 PACG=31
# HWCAP2 bits
FRINT=8 I8MM=13 BF16=14 RNG=16 CSSC=34

# bit N of hex value V
bit() { echo $(( ($1 >> $2) & 1 )); }

"$vemu" -cpu help >"$tmp/help" 2>&1
models=$(awk '/^  [a-z0-9-]+ / {print $1}' "$tmp/help")
for m in max cortex-a53 cortex-a72 neoverse-n1; do
    if echo "$models" | grep -qx "$m"; then ok "-cpu help lists $m"; else bad "-cpu help lists $m"; fi
done

for m in $models; do
    "$vemu" -cpu "$m" "$idregs" >"$tmp/out" 2>&1
    if [ $? -eq 0 ] && [ "$(tail -n 1 "$tmp/out")" = "PASS idregs" ]; then
        ok "-cpu $m: HWCAPs, ID registers and /proc/cpuinfo agree"
    else
        bad "-cpu $m: idregs"
    fi
    hw=$(sed -n 's/^hwcap=\(0x[0-9a-f]*\) .*/\1/p' "$tmp/out")
    hw=${hw:-0}
    miss=""
    for b in $FP $ASIMD $CRC32 $CPUID; do
        [ "$(bit "$hw" "$b")" = 1 ] || miss="$miss $b"
    done
    [ -z "$miss" ] && ok "-cpu $m advertises the v8.0 base (fp asimd crc32 cpuid)" \
        || bad "-cpu $m lacks HWCAP bits$miss"
    # not implemented yet: never advertised by any model
    extra=""
    for b in $SVE; do
        [ "$(bit "$hw" "$b")" = 0 ] || extra="$extra $b"
    done
    [ -z "$extra" ] && ok "-cpu $m advertises nothing unimplemented" \
        || bad "-cpu $m advertises unimplemented HWCAP bits$extra"
done

# per-model architecture level
expect_cap() { # hwcap|hwcap2 MODEL BIT WANT DESC
    VEMU_CPU=$2 "$vemu" "$idregs" >"$tmp/out" 2>&1
    hw=$(awk -v k="$1" '/^hwcap=/ { for (i = 1; i <= NF; i++) { split($i, f, "=");
         if (f[1] == k) print f[2] } }' "$tmp/out")
    if [ -n "$hw" ] && [ "$(bit "$hw" "$3")" = "$4" ]; then ok "VEMU_CPU=$2: $5"; else bad "VEMU_CPU=$2: $5"; fi
}
expect_bit() { expect_cap hwcap "$@"; }
expect_bit2() { expect_cap hwcap2 "$@"; }
expect_bit cortex-a53 $ATOMICS 0 "v8.0 model hides the LSE atomics"
expect_bit cortex-a53 $LRCPC 0 "v8.0 model hides LRCPC"
expect_bit cortex-a72 $ATOMICS 0 "v8.0 model hides the LSE atomics"
expect_bit neoverse-n1 $ATOMICS 1 "v8.2 model has the LSE atomics"
expect_bit neoverse-n1 $LRCPC 1 "v8.2 model has LRCPC"
expect_bit neoverse-n1 $DCPOP 1 "v8.2 model has DC CVAP"
expect_bit max $ATOMICS 1 "max has the LSE atomics"
expect_bit cortex-a53 $DP 0 "v8.0 model hides dot product"
expect_bit cortex-a53 $RDM 0 "v8.0 model hides RDM"
expect_bit neoverse-n1 $DP 1 "Neoverse-N1 has dot product"
expect_bit neoverse-n1 $RDM 1 "Neoverse-N1 has RDM"
expect_bit neoverse-n1 $SSBS 1 "Neoverse-N1 has SSBS"
expect_bit neoverse-n1 $FPHP 1 "Neoverse-N1 has FP16 (scalar)"
expect_bit neoverse-n1 $ASIMDHP 1 "Neoverse-N1 has FP16 (AdvSIMD)"
expect_bit neoverse-n1 $ASIMDFHM 0 "Neoverse-N1 has no FHM"
expect_bit cortex-a53 $FPHP 0 "v8.0 model hides FP16"
expect_bit cortex-a53 $ASIMDHP 0 "v8.0 model hides AdvSIMD FP16"
expect_bit neoverse-n1 $FCMA 0 "Neoverse-N1 has no FCMA"
expect_bit neoverse-n1 $JSCVT 0 "Neoverse-N1 has no JSCVT"
expect_bit2 neoverse-n1 $I8MM 0 "Neoverse-N1 has no I8MM"
expect_bit2 neoverse-n1 $BF16 0 "Neoverse-N1 has no BF16"
for b in $FPHP $ASIMDHP $ASIMDFHM $DP $RDM $FCMA $JSCVT $DIT $SSBS; do
    expect_bit max "$b" 1 "max has HWCAP bit $b"
done
for b in $FRINT $I8MM $BF16 $RNG $CSSC; do
    expect_bit2 max "$b" 1 "max has HWCAP2 bit $b"
done

# an extension the model does not advertise is SIGILL (isa-ext's first SDOT on cortex-a53:
# the shell reports 128 + SIGILL)
"$vemu" -cpu cortex-a53 "$isaext" >"$tmp/out" 2>&1
st=$?
if [ "$st" -eq 132 ]; then
    ok "-cpu cortex-a53: SDOT raises SIGILL"
else
    echo "exit status $st" >>"$tmp/out"; bad "-cpu cortex-a53: SDOT raises SIGILL"
fi
# the crypto extension: optional in v8.0 (left out), present on Neoverse-N1, SHA512/SHA3 on max
for b in $AES $PMULL $SHA1 $SHA2 $SHA512 $SHA3 $SM3 $SM4; do
    expect_bit cortex-a53 "$b" 0 "v8.0 model has no crypto (HWCAP bit $b)"
done
for b in $AES $PMULL $SHA1 $SHA2; do
    expect_bit neoverse-n1 "$b" 1 "v8.2 model has AES/PMULL/SHA1/SHA2 (HWCAP bit $b)"
done
expect_bit neoverse-n1 $SHA512 0 "v8.2 model has no SHA512"
expect_bit max $SHA512 1 "max has SHA512"
# pointer authentication: only max (Neoverse-N1 is v8.2, PAuth is v8.3)
for m in max neoverse-n1 cortex-a53; do
    want=0
    [ "$m" = max ] && want=1
    expect_bit "$m" $PACA $want "PAuth (address keys) advertised: $want"
    expect_bit "$m" $PACG $want "PAuth (generic key) advertised: $want"
done
expect_bit max $SHA3 1 "max has SHA3"
expect_bit max $SM3 1 "max has SM3"
expect_bit max $SM4 1 "max has SM4"
expect_bit neoverse-n1 $SM3 0 "v8.2 model has no SM3"

# the default is max
"$vemu" "$idregs" 2>&1 | head -n 1 >"$tmp/def"
"$vemu" -cpu max "$idregs" 2>&1 | head -n 1 >"$tmp/max"
if [ -s "$tmp/def" ] && cmp -s "$tmp/def" "$tmp/max"; then
    ok "the default model is max"
else
    cp "$tmp/def" "$tmp/out"; bad "the default model is max"
fi

# the MIDR follows the model (Cortex-A53: part 0xd03; Neoverse-N1: part 0xd0c)
for pair in cortex-a53:0xd03 neoverse-n1:0xd0c; do
    m=${pair%%:*} part=${pair#*:}
    "$vemu" -cpu "$m" "$idregs" >"$tmp/out" 2>&1
    midr=$(sed -n 's/^midr=\(0x[0-9a-f]*\)$/\1/p' "$tmp/out")
    if [ -n "$midr" ] && [ $(( (midr >> 4) & 0xfff )) -eq $((part)) ]; then
        ok "-cpu $m: MIDR_EL1 part is $part"
    else
        bad "-cpu $m: MIDR_EL1 part is $part"
    fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
