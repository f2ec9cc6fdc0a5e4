;; The core.async peer of bench/channels_bench.cpp: the same workloads, printed as
;; "name ns_per_op". Each workload runs twice and the second (warm JIT) is reported.
(require '[clojure.core.async :as a :refer [chan go <! >! <!! alts! timeout close!]])

(def scale (if-let [s (first *command-line-args*)] (Long/parseLong s) 1))

(defn ns-per [n f]
  (f)
  (let [t0 (System/nanoTime)] (f) (/ (double (- (System/nanoTime) t0)) n)))

(defn ping-pong [n]
  (ns-per n #(let [ping (chan) pong (chan)]
               (go (dotimes [_ n] (<! ping) (>! pong 1)))
               (<!! (go (dotimes [_ n] (>! ping 1) (<! pong)))))))

(defn buffered [n]
  (ns-per n #(let [c (chan 1024)]
               (go (dotimes [_ n] (>! c 1)) (close! c))
               (<!! (go (loop [] (when (<! c) (recur))))))))

(defn spawn-park [n]
  (ns-per n #(let [cs (vec (repeatedly (inc (quot n 1000)) chan))]
               (dotimes [i n] (let [c (cs (quot i 1000))] (go (<! c))))
               (doseq [c cs] (close! c)))))

(defn select-three [n]
  (ns-per n #(let [x (chan) y (chan) z (chan 1)]
               (<!! (go (dotimes [_ n] (>! z 1) (alts! [x y z])))))))

(defn timeouts [n]
  (ns-per n #(<!! (go (dotimes [_ n] (<! (timeout 1)))))))

;; The combinators (bench/combinators_bench.cpp's workloads): buffers of 64, as hotdog's.
;; Values are fed only once every tap or sub is in place, so none is dropped.
(defn feed [c n] (go (dotimes [i n] (>! c i)) (close! c)) c)

(defn drain [c] (go (loop [s 0] (if-some [v (<! c)] (recur (+ s v)) s))))

(defn pipeline-4 [n]
  (ns-per n #(let [from (chan 64) to (chan 64)]
               (a/pipeline 4 to (map inc) from)
               (feed from n)
               (<!! (drain to)))))

(defn mult-8 [n]
  (/ (ns-per n #(let [from (chan 64)
                      m (a/mult from)
                      taps (vec (repeatedly 8 (fn [] (a/tap m (chan 64)))))
                      drains (mapv drain taps)]
                  (feed from n)
                  (doseq [d drains] (<!! d))))
     8))

(defn pub-16 [n]
  (ns-per n #(let [from (chan 64)
                   p (a/pub from (fn [v] (mod v 16)) (fn [_] 64))
                   drains (mapv (fn [t] (drain (a/sub p t (chan 64)))) (range 16))]
               (feed from n)
               (doseq [d drains] (<!! d)))))

(defn merge-8 [n]
  (ns-per n #(<!! (drain (a/merge (vec (repeatedly 8 (fn [] (feed (chan 64) (quot n 8))))) 64)))))

(println "ping_pong" (format "%.1f" (ping-pong (quot 100000 scale))))
(println "buffered" (format "%.1f" (buffered (quot 1000000 scale))))
(println "spawn_park" (format "%.1f" (spawn-park (quot 1000000 scale))))
(println "select_three" (format "%.1f" (select-three (quot 100000 scale))))
(println "timeout" (format "%.1f" (timeouts (max 10 (quot 1000 scale)))))
(println "pipeline_4" (format "%.1f" (pipeline-4 (quot 1000000 scale))))
(println "mult_8_taps" (format "%.1f" (mult-8 (quot 1000000 scale))))
(println "pub_16_topics" (format "%.1f" (pub-16 (quot 1000000 scale))))
(println "merge_8_inputs" (format "%.1f" (merge-8 (quot 1000000 scale))))
(shutdown-agents)
(System/exit 0)
