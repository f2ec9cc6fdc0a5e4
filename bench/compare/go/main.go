// The Go peer of bench/channels_bench.cpp: the same workloads, printed as "name ns_per_op".
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"
)

func pingPong(n int) float64 {
	ping, pong := make(chan int), make(chan int)
	done := make(chan bool)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			<-ping
			pong <- 1
		}
		done <- true
	}()
	for i := 0; i < n; i++ {
		ping <- 1
		<-pong
	}
	<-done
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

func buffered(n int) float64 {
	c := make(chan int, 1024)
	done := make(chan bool)
	start := time.Now()
	go func() {
		for range c {
		}
		done <- true
	}()
	for i := 0; i < n; i++ {
		c <- 1
	}
	close(c)
	<-done
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

func spawnPark(n int) (float64, float64) {
	chans := make([]chan int, n/1000+1)
	for i := range chans {
		chans[i] = make(chan int)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	for i := 0; i < n; i++ {
		c := chans[i/1000]
		go func() { <-c }()
	}
	for runtime.NumGoroutine() < n {
		runtime.Gosched()
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	for _, c := range chans {
		close(c)
	}
	return float64(elapsed.Nanoseconds()) / float64(n), float64(after.Sys-before.Sys) / float64(n)
}

func selectThree(n int) float64 {
	a, b, c := make(chan int), make(chan int), make(chan int, 1)
	start := time.Now()
	for i := 0; i < n; i++ {
		c <- 1
		select {
		case <-a:
		case <-b:
		case <-c:
		}
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

func timeouts(n int) float64 {
	start := time.Now()
	for i := 0; i < n; i++ {
		<-time.After(time.Nanosecond)
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// Many timeouts at once: n goroutines each waiting 1 to 10 ms, per timeout.
func timeoutsMany(n int) float64 {
	var wg sync.WaitGroup
	wg.Add(n)
	start := time.Now()
	for i := 0; i < n; i++ {
		d := time.Duration(1+i%10) * time.Millisecond
		go func() {
			<-time.After(d)
			wg.Done()
		}()
	}
	wg.Wait()
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// median runs f three times after a collection, so one GC pause does not decide a row.
func median(f func() float64) float64 {
	r := make([]float64, 3)
	for i := range r {
		runtime.GC()
		r[i] = f()
	}
	sort.Float64s(r)
	return r[1]
}

func main() {
	scale := 1
	if len(os.Args) > 1 {
		scale, _ = strconv.Atoi(os.Args[1])
	}
	fmt.Printf("ping_pong %.1f\n", median(func() float64 { return pingPong(100000 / scale) }))
	fmt.Printf("buffered %.1f\n", median(func() float64 { return buffered(1000000 / scale) }))
	fmt.Printf("select_three %.1f\n", median(func() float64 { return selectThree(100000 / scale) }))
	fmt.Printf("timeout %.1f\n", median(func() float64 { return timeouts(100000 / scale) }))
	fmt.Printf("timeouts_realtime %.1f\n", median(func() float64 { return timeoutsMany(100000 / scale) }))
	fmt.Printf("pipeline_4 %.1f\n", median(func() float64 { return pipeline4(1000000 / scale) }))
	fmt.Printf("mult_8_taps %.1f\n", median(func() float64 { return mult8(1000000 / scale) }))
	fmt.Printf("pub_16_topics %.1f\n", median(func() float64 { return pub16(1000000 / scale) }))
	fmt.Printf("merge_8_inputs %.1f\n", median(func() float64 { return merge8(1000000 / scale) }))
	// Last: a million parked goroutines leave the heap large for whatever runs after them.
	runtime.GC()
	t, bytes := spawnPark(1000000 / scale)
	fmt.Printf("spawn_park %.1f\n", t)
	fmt.Printf("spawn_park_bytes %.1f\n", bytes)
}
