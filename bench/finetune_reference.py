"""Issue 6's Python baseline, measured on the same machine as bench/finetune.sh: training tokens/s of a Llama
(RMSNorm, rotary positions, causal attention, SwiGLU, untied head) in eager PyTorch, float32, AdamW, on the
issue's two shapes, random tokens (vocab 512), 8 rows per step. Two variants of the forward pass:
  plain:  the same decomposition as skillmerge's model (attention as matmul + mask + softmax + matmul,
          SiLU as x * sigmoid(x), RMSNorm from mean and rsqrt) - what DJL's op set can express;
  fused:  F.scaled_dot_product_attention (causal) and F.silu - what Python users get by default.
Tokens/s is tokens over the summed step times of the steps after the warm-up ones (100 of 400 on the reference
shape, 5 of 30 on d384), as bench/finetune.sh counts; beside it, the main thread's CPU time per step, which at one
thread is all of PyTorch's work and, unlike the wall time, does not count time the process waited for a core
(bench/finetune.sh reports the same for its training thread).
Usage: python bench/finetune_reference.py [THREADS...]   (needs torch; prints Markdown table rows)
"""
import math
import sys
import time

import torch
import torch.nn.functional as F


class Llama(torch.nn.Module):
    def __init__(self, vocab, d, heads, layers, ff, seq, fused):
        super().__init__()
        self.heads, self.fused = heads, fused
        self.embed = torch.nn.Embedding(vocab, d)
        self.blocks = torch.nn.ModuleList()
        for _ in range(layers):
            self.blocks.append(torch.nn.ModuleDict({
                "q": torch.nn.Linear(d, d, bias=False), "k": torch.nn.Linear(d, d, bias=False),
                "v": torch.nn.Linear(d, d, bias=False), "o": torch.nn.Linear(d, d, bias=False),
                "gate": torch.nn.Linear(d, ff, bias=False), "up": torch.nn.Linear(d, ff, bias=False),
                "down": torch.nn.Linear(ff, d, bias=False)}))
            self.blocks[-1].norm1 = torch.nn.Parameter(torch.ones(d))
            self.blocks[-1].norm2 = torch.nn.Parameter(torch.ones(d))
        self.norm = torch.nn.Parameter(torch.ones(d))
        self.head = torch.nn.Linear(d, vocab, bias=False)
        hd = d // heads
        inv = 1.0 / (10000 ** (torch.arange(0, hd, 2).float() / hd))
        angles = torch.outer(torch.arange(seq).float(), inv)
        self.register_buffer("cos", torch.cat([angles.cos(), angles.cos()], -1))
        self.register_buffer("sin", torch.cat([angles.sin(), angles.sin()], -1))
        self.register_buffer("mask", torch.full((seq, seq), float("-inf")).triu(1))

    @staticmethod
    def rms(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w

    def rope(self, x):
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
        return x * self.cos + rotated * self.sin

    def forward(self, tokens):
        b, t = tokens.shape
        x = self.embed(tokens)
        for blk in self.blocks:
            h = self.rms(x, blk.norm1)
            q, k, v = (blk[n](h).view(b, t, self.heads, -1).transpose(1, 2) for n in ("q", "k", "v"))
            q, k = self.rope(q), self.rope(k)
            if self.fused:
                a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            else:
                scores = (q * (1.0 / math.sqrt(q.shape[-1]))) @ k.transpose(-1, -2) + self.mask
                a = scores.softmax(-1) @ v
            x = x + blk["o"](a.transpose(1, 2).reshape(b, t, -1))
            h = self.rms(x, blk.norm2)
            g = blk["gate"](h)
            act = F.silu(g) if self.fused else g * torch.sigmoid(g)
            x = x + blk["down"](act * blk["up"](h))
        return self.head(self.rms(x, self.norm))


def run(name, d, heads, layers, ff, seq, steps, warmup, threads, fused):
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    vocab, batch = 512, 8
    model = Llama(vocab, d, heads, layers, ff, seq, fused)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
    times, cpu_times = [], []
    for step in range(steps):
        tokens = torch.randint(0, vocab, (batch, seq + 1))
        start = time.perf_counter()
        cpu_start = time.thread_time()
        logits = model(tokens[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, vocab), tokens[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.thread_time() - cpu_start)
    timed = times[warmup:]
    cpu = cpu_times[warmup:]
    tps = batch * seq * len(timed) / sum(timed)
    print(f"| {name} | {'fused' if fused else 'plain'} | {threads} | {tps:,.0f} | {1000 * sum(timed) / len(timed):.1f} "
          f"| {1000 * sum(cpu) / len(cpu):.1f} |", flush=True)


if __name__ == "__main__":
    threads = [int(a) for a in sys.argv[1:]] or [1, 2]
    print(f"<!-- torch {torch.__version__} -->")
    print("| shape | forward | threads | training tokens/s | ms per step | training thread CPU ms per step |")
    print("|---|---|---|---|---|---|")
    for t in threads:
        for fused in (False, True):
            run("reference", 128, 4, 2, 336, 128, 400, 100, t, fused)
    for t in threads:
        for fused in (False, True):
            run("d384", 384, 6, 6, 1024, 256, 30, 5, t, fused)
