;; The differential test's Clojure side: every case of tests/core_async/*.json written as the
;; same program on core.async 1.5, all run in one JVM (its start is slow). Each process
;; records its own operations; one JSON line per process is printed:
;;   {"case": NAME, "proc": PROC, "ops": [["take", CH, V], ["put", CH, V, OK], ...]}
;; tests/core_async_diff_test.py compares these with hotdog's JSONL trace of the scenario.
(require '[clojure.core.async :as a :refer [go <! >! <!! chan close! timeout]])

(defn json [x]
  (cond (nil? x) "null"
        (boolean? x) (str x)
        (number? x) (str x)
        (string? x) (str "\"" (-> x (.replace "\\" "\\\\") (.replace "\"" "\\\"")) "\"")
        (map? x) (str "{" (apply str (interpose "," (for [[k v] x] (str (json (name k)) ":" (json v))))) "}")
        (sequential? x) (str "[" (apply str (interpose "," (map json x))) "]")
        :else (throw (ex-info "no JSON for" {:x x}))))

(defn rec [log & xs] (swap! log conj (vec xs)))
(defmacro tk [log nm c] `(let [v# (<! ~c)] (rec ~log "take" ~nm v#) v#))
(defmacro pt [log nm c v] `(let [v# ~v ok# (>! ~c v#)] (rec ~log "put" ~nm v# ok#) ok#))
;; offer! gives true, or nil when nothing takes the value at once (hotdog's offer gives null too).
(defn offer [log nm c v] (let [ok (a/offer! c v)] (rec log "offer" nm v ok) ok))
(defn poll [log nm c] (let [v (a/poll! c)] (rec log "poll" nm v) v))
;; collect: takes until the channel is closed, each take recorded (the last gives nil).
(defmacro collect [log nm c] `(loop [] (when (some? (tk ~log ~nm ~c)) (recur))))
;; onto: onto-chan!'s own loop (a >! of each value, then close!), with each put recorded, as
;; hotdog traces the puts of an onto step.
(defmacro onto [log nm c vals] `(do (doseq [v# ~vals] (pt ~log ~nm ~c v#)) (close! ~c)))
(defmacro sleep [ms] `(<! (timeout ~ms)))

;; Runs the processes (name -> fn of a log atom that returns a go channel) to their end and
;; prints their logs.
(defn run-case [case-name procs]
  (let [logs (into (sorted-map) (for [[p _] procs] [p (atom [])]))
        done (doall (for [[p f] procs] [p (f (logs p))]))]
    (doseq [[p d] done]
      (let [[_ port] (a/alts!! [d (timeout 10000)])]
        (when-not (= port d) (rec (logs p) "timeout"))))
    (doseq [[p log] logs]
      (println (json {:case case-name :proc p :ops @log})))))

(def cases (atom []))
(defmacro defcase [nm & body] `(swap! cases conj [~nm (fn [] ~@body)]))

;; pipe: every value, then close (close defaults to true).
(defcase "pipe"
  (let [from (chan) to (chan)]
    (a/pipe from to)
    (run-case "pipe"
      {"producer" (fn [l] (go (onto l "from" from [1 2 3])))
       "consumer" (fn [l] (go (collect l "to" to)))})))

;; pipe with close false: to stays open after from closes (the sleep lets the pipe see the
;; close first).
(defcase "pipe-open"
  (let [from (chan) to (chan 1)]
    (a/pipe from to false)
    (run-case "pipe-open"
      {"driver" (fn [l] (go (onto l "from" from [1 2]) (tk l "to" to) (tk l "to" to) (poll l "to" to)
                            (sleep 50) (pt l "to" to 9) (tk l "to" to)))})))

;; mult with taps added and removed while it runs; the driver takes from t1 after each put so
;; the mult has made its list of taps for that value before the next change.
(defcase "mult"
  (let [src (chan) t1 (chan 5) t2 (chan 5) t3 (chan 5) m (a/mult src)]
    (a/tap m t1) (a/tap m t2)
    (run-case "mult"
      {"driver" (fn [l] (go (pt l "src" src 1) (tk l "t1" t1)
                            (a/tap m t3)
                            (pt l "src" src 2) (tk l "t1" t1)
                            (a/untap m t2)
                            (pt l "src" src 3) (tk l "t1" t1)
                            (close! src)
                            (tk l "t1" t1)
                            (tk l "t2" t2) (tk l "t2" t2) (poll l "t2" t2)
                            (collect l "t3" t3)))})))

;; pub: "odd" has no subscriber, so odd values are dropped; closing the source closes the subs.
(defcase "pub"
  (let [src (chan) ev (chan 10) p (a/pub src #(if (even? %) "even" "odd"))]
    (a/sub p "even" ev)
    (run-case "pub"
      {"producer" (fn [l] (go (doseq [v [1 2 3 4 5 6]] (pt l "src" src v)) (close! src)))
       "consumer" (fn [l] (go (collect l "ev" ev)))})))

;; pub with sub and unsub while it runs: a topic subscribed later gets the values from then
;; on; after unsub it gets none, and it is not closed with the others.
(defcase "pub-sub"
  (let [src (chan) ev (chan 5) od (chan 5) p (a/pub src #(if (even? %) "even" "odd"))]
    (a/sub p "even" ev)
    (run-case "pub-sub"
      {"driver" (fn [l] (go (pt l "src" src 1) (pt l "src" src 2) (tk l "ev" ev)
                            (a/sub p "odd" od) (pt l "src" src 3) (tk l "od" od)
                            (a/unsub p "odd" od) (pt l "src" src 5) (pt l "src" src 4) (tk l "ev" ev)
                            (poll l "od" od) (close! src) (tk l "ev" ev) (poll l "od" od)))})))

;; merge: each input's values in their order, then close once both inputs closed.
(defcase "merge"
  (let [x (chan) y (chan) out (a/merge [x y])]
    (run-case "merge"
      {"px" (fn [l] (go (doseq [v [1 2 3]] (pt l "x" x v)) (close! x)))
       "py" (fn [l] (go (doseq [v [10 20 30]] (pt l "y" y v)) (close! y)))
       "consumer" (fn [l] (go (collect l "out" out)))})))

;; mix: mute takes and drops, pause leaves the input alone, solo mutes (solo mode mute) the
;; others; a toggle holds from the next value on.
(defcase "mix"
  (let [out (chan 10) x (chan) y (chan) mx (a/mix out)]
    (a/admix mx x) (a/admix mx y)
    (run-case "mix"
      {"driver" (fn [l] (go (pt l "x" x 1) (tk l "out" out)
                            (a/toggle mx {x {:mute true}})
                            (pt l "x" x 2)
                            (a/toggle mx {x {:mute false}})
                            (pt l "x" x 3) (tk l "out" out)
                            (a/toggle mx {x {:pause true}})
                            (sleep 20)
                            (offer l "x" x 4)
                            (a/toggle mx {x {:pause false} y {:solo true}})
                            (pt l "x" x 5)
                            (pt l "y" y 6) (tk l "out" out)
                            (a/toggle mx {y {:solo false}})
                            (a/unmix mx y)
                            (sleep 20)
                            (offer l "y" y 7)
                            (pt l "x" x 8) (tk l "out" out)
                            (poll l "out" out)))})))

;; mix with solo mode pause: while y is solo, x is paused (not taken), not muted.
(defcase "mix-solo-pause"
  (let [out (chan 10) x (chan) y (chan) mx (a/mix out)]
    (a/admix mx x) (a/admix mx y) (a/solo-mode mx :pause)
    (run-case "mix-solo-pause"
      {"driver" (fn [l] (go (a/toggle mx {y {:solo true}}) (sleep 20) (offer l "x" x 1)
                            (pt l "y" y 2) (tk l "out" out) (a/toggle mx {y {:solo false}})
                            (pt l "x" x 3) (tk l "out" out) (poll l "out" out)))})))

;; split: true values to one channel, false to the other; both close at the end.
(defcase "split"
  (let [src (chan) [ev od] (a/split even? src)]
    (run-case "split"
      {"producer" (fn [l] (go (onto l "src" src [1 2 3 4 5 6])))
       "evens" (fn [l] (go (collect l "ev" ev)))
       "odds" (fn [l] (go (collect l "od" od)))})))

;; pipeline: three workers whose times differ per value; the output keeps the input order,
;; and a filter stage works on each value on its own.
(defcase "pipeline"
  (let [from (chan) to (chan)
        work (fn [ms] (map (fn [v] (Thread/sleep (long ms)) v)))]
    (a/pipeline-blocking 3 to (comp (filter #(not= 4 %)) (map inc) (work 0)) from)
    (run-case "pipeline"
      {"producer" (fn [l] (go (onto l "from" from [5 1 4 3 9 2 8 7])))
       "consumer" (fn [l] (go (collect l "to" to)))})))

;; The slow variant: the values sleep in reverse proportion to their place, so later ones
;; finish first, and still leave in order.
(defcase "pipeline-slow"
  (let [from (chan) to (chan)]
    (a/pipeline-blocking 3 to (map (fn [v] (Thread/sleep (long (* 10 (- 9 v)))) (* 10 v))) from)
    (run-case "pipeline-slow"
      {"producer" (fn [l] (go (onto l "from" from [1 2 3 4 5 6 7 8])))
       "consumer" (fn [l] (go (collect l "to" to)))})))

;; promise channels: the first value to every take; later puts true and dropped; once closed,
;; puts false and takes still get the value; closed without a value, takes get nil.
(defcase "promise"
  (let [p (a/promise-chan) q (a/promise-chan)]
    (run-case "promise"
      {"driver" (fn [l] (go (pt l "p" p 1) (pt l "p" p 2) (tk l "p" p) (tk l "p" p)
                            (close! p) (pt l "p" p 3) (tk l "p" p)
                            (close! q) (tk l "q" q) (pt l "q" q 4)))})))

;; Transducer stages on buffered channels: put every value, close, take until closed.
(defn xform-case [nm xf vals]
  (let [c (chan 10 xf)]
    (run-case nm {"driver" (fn [l] (go (doseq [v vals] (pt l "c" c v)) (close! c) (collect l "c" c)))})))
(defcase "xf-map" (xform-case "xf-map" (map #(* 2 %)) [1 2 3]))
(defcase "xf-filter" (xform-case "xf-filter" (filter even?) [1 2 3 4 5 6]))
(defcase "xf-remove" (xform-case "xf-remove" (remove even?) [1 2 3 4 5 6]))
(defcase "xf-mapcat" (xform-case "xf-mapcat" (mapcat #(vector % (* 10 %))) [1 2 3]))
(defcase "xf-dedupe" (xform-case "xf-dedupe" (dedupe) [1 1 2 2 2 1 3 3]))
(defcase "xf-partition" (xform-case "xf-partition" (partition-all 2) [1 2 3 4 5]))
(defcase "xf-compose" (xform-case "xf-compose" (comp (filter odd?) (map #(* 3 %)) (take 2)) [1 2 3 4 5 6]))

;; take closing its channel while puts wait: the waiting puts complete with true, their values
;; lost; a later put gives false. The sleeps order the putters (far apart, so that a loaded
;; machine keeps the order).
(defcase "xf-take"
  (let [c (chan 1 (take 2))]
    (run-case "xf-take"
      {"p1" (fn [l] (go (pt l "c" c 1)))
       "p2" (fn [l] (go (sleep 100) (pt l "c" c 2)))
       "p3" (fn [l] (go (sleep 300) (pt l "c" c 3)))
       "consumer" (fn [l] (go (sleep 600) (collect l "c" c) (pt l "c" c 4)))})))

(let [only (set *command-line-args*)]
  (doseq [[nm f] @cases]
    (when (or (empty? only) (only nm)) (f))))
(shutdown-agents)
(System/exit 0)
