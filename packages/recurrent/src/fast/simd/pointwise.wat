;; The per-step elementwise kernels of the recurrent fast path (see ../pointwise.ts, whose JS
;; loops compute the same values in float64) in WebAssembly SIMD, four float32 lanes at a time.
;; The module imports the tfjs wasm backend's memory, so every pointer is a byte offset of a
;; tensor in that heap: the kernels read and write tensors in place, with no copies.
;;
;; Layout: B rows; a state row holds H floats, a gate row holds k·H floats (k gates side by side,
;; PyTorch's order). H must be a multiple of 4 (the caller checks and otherwise uses the JS loops).
;; Pointers to step t of a [T, B, F] tensor are computed by the caller.
;;
;; Float32 arithmetic (tests compare with the float64 JS loops); exp, sigmoid and tanh come from
;; core's math.wati (within ~2 ulps of float64).
(module
  (import "env" "memory" (memory 1))

  ;; @include ../../../../core/src/ops/simd/math.wati

  ;; LSTM forward step (../pointwise.ts lstmStepSpec). gh, xp: [B, 4H] (xp at step t);
  ;; c: [B, H]. Writes m = o·tanh(c'), c' = f·c + i·g, acts = (i, f, g, o).
  (func (export "lstm_step") (param $gh i32) (param $xp i32) (param $c i32) (param $m i32) (param $c1 i32) (param $acts i32) (param $B i32) (param $H i32)
    (local $hb i32) (local $b i32) (local $j i32) (local $k i32) (local $s i32) (local $grow i32) (local $srow i32)
    (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $cs v128)
    (local.set $hb (i32.shl (local.get $H) (i32.const 2)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $b) (local.get $B)))
      (local.set $j (i32.const 0))
      (block $rowDone (loop $cols
        (br_if $rowDone (i32.ge_u (local.get $j) (local.get $hb)))
        (local.set $k (i32.add (local.get $grow) (local.get $j)))
        (local.set $s (i32.add (local.get $srow) (local.get $j)))
        (local.set $i (call $sigmoid (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k))) (v128.load (i32.add (local.get $gh) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $f (call $sigmoid (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k))) (v128.load (i32.add (local.get $gh) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $g (call $tanh (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k))) (v128.load (i32.add (local.get $gh) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $o (call $sigmoid (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k))) (v128.load (i32.add (local.get $gh) (local.get $k))))))
        (local.set $cs (f32x4.add (f32x4.mul (local.get $f) (v128.load (i32.add (local.get $c) (local.get $s))))
                                  (f32x4.mul (local.get $i) (local.get $g))))
        (v128.store (i32.add (local.get $c1) (local.get $s)) (local.get $cs))
        (v128.store (i32.add (local.get $m) (local.get $s)) (f32x4.mul (local.get $o) (call $tanh (local.get $cs))))
        (local.set $k (i32.add (local.get $acts) (i32.add (local.get $grow) (local.get $j))))
        (v128.store (local.get $k) (local.get $i))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (v128.store (local.get $k) (local.get $f))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (v128.store (local.get $k) (local.get $g))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (v128.store (local.get $k) (local.get $o))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols)))
      (local.set $grow (i32.add (local.get $grow) (i32.shl (local.get $hb) (i32.const 2))))
      (local.set $srow (i32.add (local.get $srow) (local.get $hb)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows))))

  ;; LSTM backward step (lstmGradSpec). dmA, dcNext, prev (c_{t-1}): [B, H]; dY, dC, C: [B, H]
  ;; at step t; acts: [B, 4H] at step t. dY is added to dmA when addDy = 1, dcNext to dC when
  ;; carry = 1. Writes dpre [B, 4H] and dcPrev [B, H].
  (func (export "lstm_grad") (param $dmA i32) (param $dY i32) (param $dC i32) (param $dcNext i32) (param $acts i32) (param $C i32) (param $prev i32) (param $dpre i32) (param $dcPrev i32) (param $B i32) (param $H i32) (param $addDy i32) (param $carry i32)
    (local $hb i32) (local $b i32) (local $j i32) (local $k i32) (local $s i32) (local $grow i32) (local $srow i32)
    (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $tc v128) (local $dm v128) (local $dc v128) (local $one v128)
    (local.set $hb (i32.shl (local.get $H) (i32.const 2)))
    (local.set $one (v128.const f32x4 1.0 1.0 1.0 1.0))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $b) (local.get $B)))
      (local.set $j (i32.const 0))
      (block $rowDone (loop $cols
        (br_if $rowDone (i32.ge_u (local.get $j) (local.get $hb)))
        (local.set $s (i32.add (local.get $srow) (local.get $j)))
        (local.set $k (i32.add (local.get $acts) (i32.add (local.get $grow) (local.get $j))))
        (local.set $i (v128.load (local.get $k)))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $f (v128.load (local.get $k)))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $g (v128.load (local.get $k)))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $o (v128.load (local.get $k)))
        (local.set $tc (call $tanh (v128.load (i32.add (local.get $C) (local.get $s)))))
        (local.set $dm (v128.load (i32.add (local.get $dmA) (local.get $s))))
        (if (local.get $addDy) (then
          (local.set $dm (f32x4.add (v128.load (i32.add (local.get $dY) (local.get $s))) (local.get $dm)))))
        (local.set $dc (v128.load (i32.add (local.get $dC) (local.get $s))))
        (if (local.get $carry) (then
          (local.set $dc (f32x4.add (local.get $dc) (v128.load (i32.add (local.get $dcNext) (local.get $s)))))))
        ;; dc += dm·o·(1 - tc²)
        (local.set $dc (f32x4.add (local.get $dc)
          (f32x4.mul (f32x4.mul (local.get $dm) (local.get $o)) (f32x4.sub (local.get $one) (f32x4.mul (local.get $tc) (local.get $tc))))))
        (local.set $k (i32.add (local.get $dpre) (i32.add (local.get $grow) (local.get $j))))
        ;; di = dc·g·i(1-i)
        (v128.store (local.get $k)
          (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dc) (local.get $g)) (local.get $i)) (f32x4.sub (local.get $one) (local.get $i))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        ;; df = dc·c_{t-1}·f(1-f)
        (v128.store (local.get $k)
          (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dc) (v128.load (i32.add (local.get $prev) (local.get $s)))) (local.get $f))
                     (f32x4.sub (local.get $one) (local.get $f))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        ;; dg = dc·i·(1-g²)
        (v128.store (local.get $k)
          (f32x4.mul (f32x4.mul (local.get $dc) (local.get $i)) (f32x4.sub (local.get $one) (f32x4.mul (local.get $g) (local.get $g)))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        ;; do = dm·tc·o(1-o)
        (v128.store (local.get $k)
          (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dm) (local.get $tc)) (local.get $o)) (f32x4.sub (local.get $one) (local.get $o))))
        (v128.store (i32.add (local.get $dcPrev) (local.get $s)) (f32x4.mul (local.get $dc) (local.get $f)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols)))
      (local.set $grow (i32.add (local.get $grow) (i32.shl (local.get $hb) (i32.const 2))))
      (local.set $srow (i32.add (local.get $srow) (local.get $hb)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows))))

  ;; GRU forward step (gruStepSpec). gh, xp (step t): [B, 3H]; bias: [3H]; h: [B, H].
  ;; Writes h' = n + z·(h - n) and acts [B, 4H] = (r, z, n, W_hn h + b_hn).
  (func (export "gru_step") (param $gh i32) (param $bias i32) (param $xp i32) (param $h i32) (param $h1 i32) (param $acts i32) (param $B i32) (param $H i32)
    (local $hb i32) (local $b i32) (local $j i32) (local $k i32) (local $s i32) (local $q i32) (local $grow i32) (local $arow i32) (local $srow i32)
    (local $r v128) (local $z v128) (local $n v128) (local $ghn v128)
    (local.set $hb (i32.shl (local.get $H) (i32.const 2)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $b) (local.get $B)))
      (local.set $j (i32.const 0))
      (block $rowDone (loop $cols
        (br_if $rowDone (i32.ge_u (local.get $j) (local.get $hb)))
        (local.set $k (i32.add (local.get $grow) (local.get $j)))
        (local.set $q (i32.add (local.get $bias) (local.get $j)))
        (local.set $r (call $sigmoid (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k)))
          (f32x4.add (v128.load (i32.add (local.get $gh) (local.get $k))) (v128.load (local.get $q))))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $q (i32.add (local.get $q) (local.get $hb)))
        (local.set $z (call $sigmoid (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k)))
          (f32x4.add (v128.load (i32.add (local.get $gh) (local.get $k))) (v128.load (local.get $q))))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $q (i32.add (local.get $q) (local.get $hb)))
        (local.set $ghn (f32x4.add (v128.load (i32.add (local.get $gh) (local.get $k))) (v128.load (local.get $q))))
        (local.set $n (call $tanh (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k))) (f32x4.mul (local.get $r) (local.get $ghn)))))
        (local.set $s (i32.add (local.get $srow) (local.get $j)))
        (v128.store (i32.add (local.get $h1) (local.get $s))
          (f32x4.add (local.get $n) (f32x4.mul (local.get $z) (f32x4.sub (v128.load (i32.add (local.get $h) (local.get $s))) (local.get $n)))))
        (local.set $k (i32.add (local.get $acts) (i32.add (local.get $arow) (local.get $j))))
        (v128.store (local.get $k) (local.get $r))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (v128.store (local.get $k) (local.get $z))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (v128.store (local.get $k) (local.get $n))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (v128.store (local.get $k) (local.get $ghn))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols)))
      (local.set $grow (i32.add (local.get $grow) (i32.mul (local.get $hb) (i32.const 3))))
      (local.set $arow (i32.add (local.get $arow) (i32.shl (local.get $hb) (i32.const 2))))
      (local.set $srow (i32.add (local.get $srow) (local.get $hb)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows))))

  ;; GRU backward step (gruGradSpec). dY, prev (h_{t-1}), cA, cB: [B, H] (dY at step t; cA and
  ;; cB added when carry = 1); acts: [B, 4H] at step t. Writes d(gh) [B, 3H], d(xp) [B, 3H] and
  ;; the direct part of dh_{t-1}, dh·z [B, H].
  (func (export "gru_grad") (param $dY i32) (param $cA i32) (param $cB i32) (param $acts i32) (param $prev i32) (param $dgh i32) (param $dxp i32) (param $dhd i32) (param $B i32) (param $H i32) (param $carry i32)
    (local $hb i32) (local $b i32) (local $j i32) (local $k i32) (local $s i32) (local $grow i32) (local $arow i32) (local $srow i32)
    (local $r v128) (local $z v128) (local $n v128) (local $ghn v128) (local $dh v128) (local $dn v128) (local $dz v128) (local $dr v128) (local $one v128)
    (local.set $hb (i32.shl (local.get $H) (i32.const 2)))
    (local.set $one (v128.const f32x4 1.0 1.0 1.0 1.0))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $b) (local.get $B)))
      (local.set $j (i32.const 0))
      (block $rowDone (loop $cols
        (br_if $rowDone (i32.ge_u (local.get $j) (local.get $hb)))
        (local.set $s (i32.add (local.get $srow) (local.get $j)))
        (local.set $k (i32.add (local.get $acts) (i32.add (local.get $arow) (local.get $j))))
        (local.set $r (v128.load (local.get $k)))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $z (v128.load (local.get $k)))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $n (v128.load (local.get $k)))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $ghn (v128.load (local.get $k)))
        (local.set $dh (v128.load (i32.add (local.get $dY) (local.get $s))))
        (if (local.get $carry) (then
          (local.set $dh (f32x4.add (local.get $dh)
            (f32x4.add (v128.load (i32.add (local.get $cA) (local.get $s))) (v128.load (i32.add (local.get $cB) (local.get $s))))))))
        ;; dn = dh·(1-z)·(1-n²); dz = dh·(h_{t-1} - n)·z(1-z); dr = dn·ghn·r(1-r)
        (local.set $dn (f32x4.mul (f32x4.mul (local.get $dh) (f32x4.sub (local.get $one) (local.get $z)))
                                  (f32x4.sub (local.get $one) (f32x4.mul (local.get $n) (local.get $n)))))
        (local.set $dz (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dh) (f32x4.sub (v128.load (i32.add (local.get $prev) (local.get $s))) (local.get $n)))
                                             (local.get $z))
                                  (f32x4.sub (local.get $one) (local.get $z))))
        (local.set $dr (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dn) (local.get $ghn)) (local.get $r))
                                  (f32x4.sub (local.get $one) (local.get $r))))
        (local.set $k (i32.add (local.get $grow) (local.get $j)))
        (v128.store (i32.add (local.get $dgh) (local.get $k)) (local.get $dr))
        (v128.store (i32.add (local.get $dxp) (local.get $k)) (local.get $dr))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (v128.store (i32.add (local.get $dgh) (local.get $k)) (local.get $dz))
        (v128.store (i32.add (local.get $dxp) (local.get $k)) (local.get $dz))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (v128.store (i32.add (local.get $dgh) (local.get $k)) (f32x4.mul (local.get $dn) (local.get $r)))
        (v128.store (i32.add (local.get $dxp) (local.get $k)) (local.get $dn))
        (v128.store (i32.add (local.get $dhd) (local.get $s)) (f32x4.mul (local.get $dh) (local.get $z)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols)))
      (local.set $grow (i32.add (local.get $grow) (i32.mul (local.get $hb) (i32.const 3))))
      (local.set $arow (i32.add (local.get $arow) (i32.shl (local.get $hb) (i32.const 2))))
      (local.set $srow (i32.add (local.get $srow) (local.get $hb)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows))))

  ;; RNN forward step (rnnStepSpec) over n = B·H floats (a multiple of 4): h' = tanh(xp + gh),
  ;; or max(xp + gh, 0) when relu = 1.
  (func (export "rnn_step") (param $gh i32) (param $xp i32) (param $h1 i32) (param $n i32) (param $relu i32)
    (local $o i32) (local $end i32) (local $v v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $v (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $o))) (v128.load (i32.add (local.get $gh) (local.get $o)))))
      (v128.store (i32.add (local.get $h1) (local.get $o))
        (if (result v128) (local.get $relu)
          (then (f32x4.max (local.get $v) (v128.const f32x4 0 0 0 0)))
          (else (call $tanh (local.get $v)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each))))

  ;; RNN backward step (rnnGradSpec) over n floats: d(pre) = dh·(1 - h²), or dh·[h > 0] when
  ;; relu = 1; dh = dY + dhNext when carry = 1, else dY. dY and Hall point at step t.
  (func (export "rnn_grad") (param $dY i32) (param $dhNext i32) (param $Hall i32) (param $dpre i32) (param $n i32) (param $carry i32) (param $relu i32)
    (local $o i32) (local $end i32) (local $dh v128) (local $h v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $dh (v128.load (i32.add (local.get $dY) (local.get $o))))
      (if (local.get $carry) (then
        (local.set $dh (f32x4.add (local.get $dh) (v128.load (i32.add (local.get $dhNext) (local.get $o)))))))
      (local.set $h (v128.load (i32.add (local.get $Hall) (local.get $o))))
      (v128.store (i32.add (local.get $dpre) (local.get $o))
        (f32x4.mul (local.get $dh)
          (if (result v128) (local.get $relu)
            (then (v128.bitselect (v128.const f32x4 1 1 1 1) (v128.const f32x4 0 0 0 0) (f32x4.gt (local.get $h) (v128.const f32x4 0 0 0 0))))
            (else (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $h) (local.get $h)))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $each)))))
