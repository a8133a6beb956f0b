;; The fused hot loops of batchMeansOf (sampling.ts) for the default generator,
;; xoshiro128** 1.1 with Lemire's bounded integers. They draw exactly what
;; batchSampler draws, from the same outputs in the same order, and add each batch's
;; values in draw order, so every mean is bit-identical to the JavaScript reference.
;; WebAssembly has the 64-bit product that Lemire's method needs and no bounds checks
;; in the loop, which makes these about twice as fast as the same loops in JavaScript.
;;
;; Memory: the generator state (4 × u32) at address 0; the caller places the values,
;; the pool, the written positions and the means (see kernel/batch-means.ts).
;; Rebuild the bytes after an edit: npm run kernel (a test checks they match).
(module
  (memory (export "memory") 1)

  ;; The means of `trials` batches of m values drawn independently from values[0..n).
  ;; threshold = (2^32 − n) mod n: an output x is rejected while low32(x·n) < threshold.
  (func (export "meansWithReplacement")
    (param $n i32) (param $m i32) (param $trials i32) (param $threshold i32)
    (param $values i32) (param $means i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $x i32) (local $t i32) (local $product i64)
    (local $j i32) (local $sum f64) (local $size f64) (local $end i32)
    (local.set $s0 (i32.load (i32.const 0)))
    (local.set $s1 (i32.load (i32.const 4)))
    (local.set $s2 (i32.load (i32.const 8)))
    (local.set $s3 (i32.load (i32.const 12)))
    (local.set $size (f64.convert_i32_u (local.get $m)))
    (local.set $end (i32.add (local.get $means) (i32.shl (local.get $trials) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $means) (local.get $end)))
      (loop $batch
        (local.set $sum (f64.const 0))
        (local.set $j (i32.const 0))
        (loop $draw
          ;; xoshiro128**
          (local.set $x (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
          (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
          (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
          (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
          (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
          (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
          (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
          (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
          ;; Lemire: x·n; reject while its low half is below the threshold.
          (local.set $product (i64.mul (i64.extend_i32_u (local.get $x)) (i64.extend_i32_u (local.get $n))))
          (br_if $draw (i32.lt_u (i32.wrap_i64 (local.get $product)) (local.get $threshold)))
          (local.set $sum (f64.add (local.get $sum)
            (f64.load (i32.add (local.get $values)
              (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $product) (i64.const 32))) (i32.const 3))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $draw (i32.lt_u (local.get $j) (local.get $m))))
        (f64.store (local.get $means) (f64.div (local.get $sum) (local.get $size)))
        (local.set $means (i32.add (local.get $means) (i32.const 8)))
        (br_if $batch (i32.lt_u (local.get $means) (local.get $end)))))
    (i32.store (i32.const 0) (local.get $s0))
    (i32.store (i32.const 4) (local.get $s1))
    (i32.store (i32.const 8) (local.get $s2))
    (i32.store (i32.const 12) (local.get $s3)))

  ;; The means of `trials` batches of m distinct values: a partial Fisher–Yates shuffle
  ;; of `pool` (a copy of values[0..n)). Step j picks position k = j + below(n − j)
  ;; and moves position j's value into it; position j is never read again, so it is
  ;; not written. After each batch the pool is restored: the m written positions from
  ;; `values`, or all of it in one copy when `restoreAll` (cheaper for large m/n).
  (func (export "meansWithoutReplacement")
    (param $n i32) (param $m i32) (param $trials i32)
    (param $values i32) (param $pool i32) (param $written i32) (param $means i32) (param $restoreAll i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $x i32) (local $t i32) (local $product i64) (local $bound i32)
    (local $j i32) (local $k i32) (local $sum f64) (local $size f64) (local $end i32)
    (local.set $s0 (i32.load (i32.const 0)))
    (local.set $s1 (i32.load (i32.const 4)))
    (local.set $s2 (i32.load (i32.const 8)))
    (local.set $s3 (i32.load (i32.const 12)))
    (local.set $size (f64.convert_i32_u (local.get $m)))
    (local.set $end (i32.add (local.get $means) (i32.shl (local.get $trials) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $means) (local.get $end)))
      (loop $batch
        (local.set $sum (f64.const 0))
        (local.set $j (i32.const 0))
        (loop $draw
          ;; xoshiro128**
          (local.set $x (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
          (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
          (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
          (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
          (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
          (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
          (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
          (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
          ;; Lemire with the bound n − j; the threshold (2^32 − bound) mod bound is
          ;; below the bound, so it is computed only on the rare low < bound.
          (local.set $bound (i32.sub (local.get $n) (local.get $j)))
          (local.set $product (i64.mul (i64.extend_i32_u (local.get $x)) (i64.extend_i32_u (local.get $bound))))
          (if (i32.lt_u (i32.wrap_i64 (local.get $product)) (local.get $bound))
            (then
              (br_if $draw (i32.lt_u (i32.wrap_i64 (local.get $product))
                (i32.rem_u (i32.sub (i32.const 0) (local.get $bound)) (local.get $bound))))))
          ;; k = j + high(x·bound), as a byte offset into the pool
          (local.set $k (i32.shl (i32.add (local.get $j) (i32.wrap_i64 (i64.shr_u (local.get $product) (i64.const 32)))) (i32.const 3)))
          (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $pool) (local.get $k)))))
          (f64.store (i32.add (local.get $pool) (local.get $k))
            (f64.load (i32.add (local.get $pool) (i32.shl (local.get $j) (i32.const 3)))))
          (i32.store (i32.add (local.get $written) (i32.shl (local.get $j) (i32.const 2))) (local.get $k))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $draw (i32.lt_u (local.get $j) (local.get $m))))
        (f64.store (local.get $means) (f64.div (local.get $sum) (local.get $size)))
        (if (local.get $restoreAll)
          (then (memory.copy (local.get $pool) (local.get $values) (i32.shl (local.get $n) (i32.const 3))))
          (else
            (local.set $j (i32.const 0))
            (loop $restore
              (local.set $k (i32.load (i32.add (local.get $written) (i32.shl (local.get $j) (i32.const 2)))))
              (f64.store (i32.add (local.get $pool) (local.get $k)) (f64.load (i32.add (local.get $values) (local.get $k))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $restore (i32.lt_u (local.get $j) (local.get $m))))))
        (local.set $means (i32.add (local.get $means) (i32.const 8)))
        (br_if $batch (i32.lt_u (local.get $means) (local.get $end)))))
    (i32.store (i32.const 0) (local.get $s0))
    (i32.store (i32.const 4) (local.get $s1))
    (i32.store (i32.const 8) (local.get $s2))
    (i32.store (i32.const 12) (local.get $s3)))
)
