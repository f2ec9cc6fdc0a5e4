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

(println "ping_pong" (format "%.1f" (ping-pong (quot 100000 scale))))
(println "buffered" (format "%.1f" (buffered (quot 1000000 scale))))
(println "spawn_park" (format "%.1f" (spawn-park (quot 1000000 scale))))
(println "select_three" (format "%.1f" (select-three (quot 100000 scale))))
(println "timeout" (format "%.1f" (timeouts (max 10 (quot 1000 scale)))))
(shutdown-agents)
(System/exit 0)
