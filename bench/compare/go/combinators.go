// The Go peers of bench/combinators_bench.cpp, written the way a Go programmer would: Go has
// no mult, pub, merge or pipeline, so each is a few goroutines. Buffers of 64, as hotdog's.
package main

import (
	"sync"
	"time"
)

const buf = 64

func source(n int) chan int {
	c := make(chan int, buf)
	go func() {
		for i := 0; i < n; i++ {
			c <- i
		}
		close(c)
	}()
	return c
}

// pipeline4: 4 worker goroutines do v+1; a collector puts results back in input order.
func pipeline4(n int) float64 {
	type job struct{ i, v int }
	start := time.Now()
	in := source(n)
	jobs, results := make(chan job, buf), make(chan job, buf)
	go func() {
		i := 0
		for v := range in {
			jobs <- job{i, v}
			i++
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			for j := range jobs {
				results <- job{j.i, j.v + 1}
			}
			wg.Done()
		}()
	}
	go func() { wg.Wait(); close(results) }()
	out := make(chan int, buf)
	go func() {
		pending := map[int]int{}
		next := 0
		for r := range results {
			pending[r.i] = r.v
			for v, ok := pending[next]; ok; v, ok = pending[next] {
				delete(pending, next)
				out <- v
				next++
			}
		}
		close(out)
	}()
	sum := 0
	for v := range out {
		sum += v
	}
	if sum != n*(n+1)/2 {
		panic("pipeline lost values")
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// mult8: one goroutine sends each value to all 8 taps before taking the next.
func mult8(n int) float64 {
	const taps = 8
	start := time.Now()
	in := source(n)
	outs := make([]chan int, taps)
	var wg sync.WaitGroup
	for t := range outs {
		outs[t] = make(chan int, buf)
		wg.Add(1)
		go func(c chan int) {
			for range c {
			}
			wg.Done()
		}(outs[t])
	}
	go func() {
		for v := range in {
			for _, c := range outs {
				c <- v
			}
		}
		for _, c := range outs {
			close(c)
		}
	}()
	wg.Wait()
	return float64(time.Since(start).Nanoseconds()) / float64(n*taps)
}

// pub16: one goroutine routes each value to the channel of its topic (v mod 16).
func pub16(n int) float64 {
	const topics = 16
	start := time.Now()
	in := source(n)
	subs := make([]chan int, topics)
	var wg sync.WaitGroup
	for t := range subs {
		subs[t] = make(chan int, buf)
		wg.Add(1)
		go func(c chan int) {
			for range c {
			}
			wg.Done()
		}(subs[t])
	}
	go func() {
		for v := range in {
			subs[v%topics] <- v
		}
		for _, c := range subs {
			close(c)
		}
	}()
	wg.Wait()
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// merge8: a goroutine per input forwards to one channel, closed when all are done.
func merge8(n int) float64 {
	const inputs = 8
	start := time.Now()
	out := make(chan int, buf)
	var wg sync.WaitGroup
	for i := 0; i < inputs; i++ {
		wg.Add(1)
		go func(c chan int) {
			for v := range c {
				out <- v
			}
			wg.Done()
		}(source(n / inputs))
	}
	go func() { wg.Wait(); close(out) }()
	for range out {
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n/inputs*inputs)
}
