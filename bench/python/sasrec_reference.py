#!/usr/bin/env python3
"""SASRec reference timing in PyTorch, to compare Persona's LibTorch SASRec against.

A self-written re-implementation of the widely used PyTorch SASRec (pmixer/SASRec.pytorch, after
Kang & McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018), with the same model, loss,
optimiser and user sampler:

- input: item embedding * sqrt(hidden) + learned positional embedding, embedding dropout, timeline mask
  (padding positions zeroed);
- per block: LayerNorm(Q) -> torch.nn.MultiheadAttention(Q, x, x) with a causal mask, residual Q + attention,
  LayerNorm -> point-wise feed-forward (Conv1d k=1, dropout, ReLU, Conv1d k=1, dropout, residual), timeline
  mask; a final LayerNorm (all LayerNorms eps 1e-8);
- loss: binary cross-entropy on the positive next item and 1 negative per position (an item the user never
  interacted with in training), over non-padding positions only;
- Adam lr 1e-3, betas (0.9, 0.98); batch 128; maxlen 50; hidden 50; 2 blocks; 1 head; dropout 0.5;
  xavier_normal_ initialisation of every matrix;
- the sampler draws a random user (with more than one training item) for every example; an epoch is
  (number of users // batch) batches, as in the original.

Differences from the original, on purpose: batches are sampled in this process (the original uses 3
sampler processes), and the sampling time is printed apart from the training time; the original's sampled
evaluation (100 negatives) is replaced by an optional full-ranking evaluation (--eval).

Data: Beauty.txt, one line per user: the user id, then the user's item ids in time order. Training part =
all but the last two items (the second-to-last is validation, the last is test; users with fewer than three
items are all training).

Usage: python3 bench/python/sasrec_reference.py [--data PATH] [--epochs N] [--threads T] [--eval]
"""

import argparse
import json
import math
import os
import time

import numpy as np
import torch

DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data",
                            "amazon-beauty", "Beauty.txt")


# ----------------------------------------------------------------------------------------------- data


def read_sequences(path):
    """Returns {user: [items in time order]} and the largest user and item ids."""
    sequences = {}
    max_user = max_item = 0
    with open(path) as f:
        for line in f:
            fields = line.split()
            if not fields:
                continue
            user, items = int(fields[0]), [int(x) for x in fields[1:]]
            sequences[user] = items
            max_user = max(max_user, user)
            max_item = max(max_item, max(items, default=0))
    return sequences, max_user, max_item


def leave_two_out(sequences):
    """Splits each user's items into training (all but the last two), validation and test items."""
    train, valid, test = {}, {}, {}
    for user, items in sequences.items():
        if len(items) < 3:
            train[user], valid[user], test[user] = list(items), [], []
        else:
            train[user], valid[user], test[user] = items[:-2], [items[-2]], [items[-1]]
    return train, valid, test


# -------------------------------------------------------------------------------------------- sampler


class UserSampler:
    """Draws training examples as the original sampler does: a random user per example, the user's last
    maxlen training items as the input, the next item as the positive, a random unseen item as the negative."""

    def __init__(self, train, max_user, max_item, batch_size, maxlen, seed):
        self.train = train
        self.max_user = max_user
        self.max_item = max_item
        self.batch_size = batch_size
        self.maxlen = maxlen
        self.rng = np.random.RandomState(seed)
        self.seen = {u: set(items) for u, items in train.items()}

    def random_unseen_item(self, seen):
        item = self.rng.randint(1, self.max_item + 1)
        while item in seen:
            item = self.rng.randint(1, self.max_item + 1)
        return item

    def example(self):
        user = self.rng.randint(1, self.max_user + 1)
        while len(self.train.get(user, ())) <= 1:
            user = self.rng.randint(1, self.max_user + 1)
        items = self.train[user]
        seq = np.zeros(self.maxlen, dtype=np.int64)
        pos = np.zeros(self.maxlen, dtype=np.int64)
        neg = np.zeros(self.maxlen, dtype=np.int64)
        following = items[-1]
        index = self.maxlen - 1
        for item in reversed(items[:-1]):  # right-aligned: the newest input item sits at the last position
            seq[index] = item
            pos[index] = following
            if following != 0:
                neg[index] = self.random_unseen_item(self.seen[user])
            following = item
            index -= 1
            if index == -1:
                break
        return user, seq, pos, neg

    def next_batch(self):
        examples = [self.example() for _ in range(self.batch_size)]
        users, seqs, poss, negs = zip(*examples)
        return np.array(users), np.stack(seqs), np.stack(poss), np.stack(negs)


# ---------------------------------------------------------------------------------------------- model


class PointWiseFeedForward(torch.nn.Module):
    """Two position-wise linear maps as 1x1 convolutions, with dropout, ReLU and a residual connection."""

    def __init__(self, hidden, dropout):
        super().__init__()
        self.conv1 = torch.nn.Conv1d(hidden, hidden, kernel_size=1)
        self.dropout1 = torch.nn.Dropout(p=dropout)
        self.relu = torch.nn.ReLU()
        self.conv2 = torch.nn.Conv1d(hidden, hidden, kernel_size=1)
        self.dropout2 = torch.nn.Dropout(p=dropout)

    def forward(self, x):  # x: batch x length x hidden
        h = self.conv1(x.transpose(-1, -2))  # Conv1d wants batch x channels x length
        h = self.dropout2(self.conv2(self.relu(self.dropout1(h))))
        return h.transpose(-1, -2) + x


class SASRec(torch.nn.Module):
    """Self-attentive sequential recommender: causal self-attention blocks over the item sequence."""

    def __init__(self, num_items, maxlen, hidden, blocks, heads, dropout):
        super().__init__()
        self.item_emb = torch.nn.Embedding(num_items + 1, hidden, padding_idx=0)
        self.pos_emb = torch.nn.Embedding(maxlen, hidden)
        self.emb_dropout = torch.nn.Dropout(p=dropout)
        self.attention_layernorms = torch.nn.ModuleList()
        self.attention_layers = torch.nn.ModuleList()
        self.forward_layernorms = torch.nn.ModuleList()
        self.forward_layers = torch.nn.ModuleList()
        for _ in range(blocks):
            self.attention_layernorms.append(torch.nn.LayerNorm(hidden, eps=1e-8))
            self.attention_layers.append(torch.nn.MultiheadAttention(hidden, heads, dropout))
            self.forward_layernorms.append(torch.nn.LayerNorm(hidden, eps=1e-8))
            self.forward_layers.append(PointWiseFeedForward(hidden, dropout))
        self.last_layernorm = torch.nn.LayerNorm(hidden, eps=1e-8)

    def sequence_features(self, seqs):
        """seqs: batch x length item ids (0 = padding) -> batch x length x hidden features."""
        device = self.item_emb.weight.device
        seqs = seqs.to(device)
        x = self.item_emb(seqs) * (self.item_emb.embedding_dim ** 0.5)
        positions = torch.arange(seqs.shape[1], device=device).unsqueeze(0).expand(seqs.shape[0], -1)
        x = self.emb_dropout(x + self.pos_emb(positions))
        keep = (seqs != 0).unsqueeze(-1)  # the timeline mask: padding positions stay zero
        x = x * keep
        length = x.shape[1]
        causal = ~torch.tril(torch.ones((length, length), dtype=torch.bool, device=device))  # True = may not attend
        for ln_attention, attention, ln_forward, feed_forward in zip(
                self.attention_layernorms, self.attention_layers, self.forward_layernorms, self.forward_layers):
            x = x.transpose(0, 1)  # MultiheadAttention (batch_first=False) wants length x batch x hidden
            q = ln_attention(x)
            attended, _ = attention(q, x, x, attn_mask=causal)  # need_weights left at its default, as the original
            x = (q + attended).transpose(0, 1)
            x = feed_forward(ln_forward(x))
            x = x * keep
        return self.last_layernorm(x)

    def forward(self, seqs, pos, neg):
        """Logits of the positive and the negative item at every position."""
        features = self.sequence_features(seqs)
        device = features.device
        pos_logits = (features * self.item_emb(pos.to(device))).sum(dim=-1)
        neg_logits = (features * self.item_emb(neg.to(device))).sum(dim=-1)
        return pos_logits, neg_logits


def xavier_initialise(model):
    """xavier_normal_ on every parameter with two or more dimensions (biases and LayerNorms keep theirs)."""
    for parameter in model.parameters():
        if parameter.dim() >= 2:
            torch.nn.init.xavier_normal_(parameter.data)


# ------------------------------------------------------------------------------------------- training


def train_epoch(model, optimiser, sampler, batches, device, l2_emb):
    """One epoch; returns (mean loss, seconds spent sampling, seconds spent in the model and optimiser)."""
    model.train()
    bce = torch.nn.BCEWithLogitsLoss()
    total_loss, sampling, compute = 0.0, 0.0, 0.0
    for _ in range(batches):
        t0 = time.perf_counter()
        _, seq, pos, neg = sampler.next_batch()
        seq, pos, neg = torch.from_numpy(seq), torch.from_numpy(pos), torch.from_numpy(neg)
        t1 = time.perf_counter()
        pos_logits, neg_logits = model(seq, pos, neg)
        real = (pos != 0).to(device)  # positions with a target: padding does not count
        optimiser.zero_grad()
        loss = bce(pos_logits[real], torch.ones_like(pos_logits[real]))
        loss = loss + bce(neg_logits[real], torch.zeros_like(neg_logits[real]))
        loss = loss + l2_emb * torch.norm(model.item_emb.weight)  # added even when 0, as the original does
        loss.backward()
        optimiser.step()
        total_loss += loss.item()
        t2 = time.perf_counter()
        sampling += t1 - t0
        compute += t2 - t1
    return total_loss / max(1, batches), sampling, compute


# ----------------------------------------------------------------------------------------- evaluation


def full_ranking(model, train, valid, test, max_item, maxlen, device, batch_size=256):
    """HR@10 and NDCG@10 of the test item ranked among all items; history = train + validation item, masked."""
    model.eval()
    users = [u for u in sorted(test) if test[u]]
    hits, ndcg = 0.0, 0.0
    with torch.no_grad():
        for start in range(0, len(users), batch_size):
            chunk = users[start:start + batch_size]
            seqs = np.zeros((len(chunk), maxlen), dtype=np.int64)
            for row, user in enumerate(chunk):
                history = (train[user] + valid[user])[-maxlen:]
                seqs[row, maxlen - len(history):] = history
            features = model.sequence_features(torch.from_numpy(seqs))[:, -1, :]
            scores = features @ model.item_emb.weight[1:].t()  # columns = items 1..max_item
            for row, user in enumerate(chunk):
                seen = torch.tensor([i - 1 for i in set(train[user] + valid[user]) if i != test[user][0]],
                                    dtype=torch.long, device=scores.device)
                scores[row, seen] = -math.inf
            target = torch.tensor([test[u][0] - 1 for u in chunk], device=scores.device)
            target_scores = scores.gather(1, target.unsqueeze(1))
            ranks = (scores >= target_scores).sum(dim=1)  # pessimistic ties, as metric.ranking
            for rank in ranks.tolist():
                if rank <= 10:
                    hits += 1
                    ndcg += 1 / math.log2(rank + 1)
    return hits / len(users), ndcg / len(users)


# ----------------------------------------------------------------------------------------------- main


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=DEFAULT_DATA, help="Beauty.txt (one line per user: user, then items)")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=0, help="torch intra-op threads; 0 = torch's default")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--maxlen", type=int, default=50)
    p.add_argument("--hidden", type=int, default=50)
    p.add_argument("--blocks", type=int, default=2)
    p.add_argument("--heads", type=int, default=1)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--l2-emb", type=float, default=0.0, help="L2 weight on the item embedding (original: 0)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--eval", action="store_true", help="full-ranking HR@10/NDCG@10 on the test items at the end")
    p.add_argument("--json", action="store_true", help="also print one JSON line with the per-epoch figures")
    return p.parse_args()


def main():
    args = parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    device = torch.device(args.device)

    t0 = time.perf_counter()
    sequences, max_user, max_item = read_sequences(args.data)
    train, valid, test = leave_two_out(sequences)
    load_seconds = time.perf_counter() - t0
    batches = len(train) // args.batch
    print(f"data: {len(sequences)} users, {max_item} items, {sum(map(len, train.values()))} training actions "
          f"({load_seconds:.2f} s to read)")
    print(f"torch {torch.__version__}, device {device}, {torch.get_num_threads()} intra-op threads, "
          f"{os.cpu_count()} CPUs; batch {args.batch}, maxlen {args.maxlen}, hidden {args.hidden}, "
          f"{args.blocks} blocks, {args.heads} head(s), dropout {args.dropout}; {batches} batches per epoch")

    model = SASRec(max_item, args.maxlen, args.hidden, args.blocks, args.heads, args.dropout).to(device)
    xavier_initialise(model)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98))
    sampler = UserSampler(train, max_user, max_item, args.batch, args.maxlen, args.seed)

    epochs = []
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        loss, sampling, compute = train_epoch(model, optimiser, sampler, batches, device, args.l2_emb)
        seconds = time.perf_counter() - start
        epochs.append({"epoch": epoch, "seconds": seconds, "batches": batches, "loss": loss,
                       "sampling_seconds": sampling, "train_seconds": compute})
        print(f"epoch {epoch}: {seconds:.2f} s wall, {batches} batches ({seconds / batches * 1000:.1f} ms/batch; "
              f"sampling {sampling:.2f} s, model+optimiser {compute:.2f} s), loss {loss:.4f}", flush=True)

    result = {"epochs": epochs, "threads": torch.get_num_threads(), "device": str(device)}
    if args.eval:
        start = time.perf_counter()
        hr, ndcg = full_ranking(model, train, valid, test, max_item, args.maxlen, device)
        result.update({"HR@10": hr, "NDCG@10": ndcg})
        print(f"full ranking over {max_item} items: HR@10 {hr:.4f}, NDCG@10 {ndcg:.4f} "
              f"({time.perf_counter() - start:.2f} s)")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
