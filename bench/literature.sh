#!/usr/bin/env bash
# Reproduces the adding-problem results the issue quotes from PyTorch (one layer, H=64, batch 64, Adam 1e-3,
# norm clipping at 1, seed 0): which cells get the test MSE under 0.01, and after how many updates.
# A benchmark, not a test: it trains for several minutes on one core. Usage: bench/literature.sh [50|100]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
swift build -c release --package-path "$root" --product unroll >&2
unroll="$root/.build/release/unroll"
common=(--task adding --hidden 64 --batch 64 --optimizer adam --lr 1e-3 --clip 1 --seed 0 --eval-every 50)
which=${1:-all}
if [ "$which" = all ] || [ "$which" = 50 ]; then
  echo "== adding problem, T=50, 3000 updates (PyTorch: tanh RNN stays at 0.167; LSTM under 0.01 after ~2000-2200; GRU after ~1000)"
  "$unroll" compare "${common[@]}" --length 50 --steps 3000 --cells rnn_tanh,lstm,gru
fi
if [ "$which" = all ] || [ "$which" = 100 ]; then
  echo "== adding problem, T=100, 6000 updates (PyTorch: LSTM at default init stays at the baseline; forget bias 1 ~4000; GRU ~1400; diagonal linear recurrence ~1200)"
  "$unroll" compare "${common[@]}" --length 100 --steps 6000 --cells lstm,gru,ssm
  "$unroll" compare "${common[@]}" --length 100 --steps 6000 --cells lstm --forget-bias 1
fi
