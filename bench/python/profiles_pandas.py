"""The pandas way of profile.behavior + profile.rfm + profile.interests, for bench/profiles_vs_pandas.sh.

Same inputs as bench_profiles: Online Retail after the profile.transactions policies (rows without a customer,
cancelled invoices, negative quantities and prices <= 0 dropped) and MovieLens-100K ratings (rfm with the
rating as the amount, interests over genres). Prints "data operator seconds" lines: the best wall time of 3
runs, vectorised groupby code throughout. Run with Debian's python3 (python3-pandas).
"""
import sys
import time

import numpy as np
import pandas as pd

DATA = sys.argv[1] if len(sys.argv) > 1 else '../shared/data'


def reference(df):
    return df.ts.max().normalize() + pd.Timedelta(days=1)


def behavior(df):
    d = df.sort_values(['user', 'ts'], kind='stable')
    ref = reference(d)
    g = d.groupby('user')
    out = pd.DataFrame({'events': g.size()})
    out['active_days'] = d.assign(day=d.ts.dt.normalize()).groupby('user').day.nunique()
    new_user = d.user.ne(d.user.shift())
    gap = d.ts.diff().dt.total_seconds().where(~new_user)
    session = (new_user | (gap > 30 * 60)).cumsum()
    s = d.assign(session=session).groupby(['user', 'session']).ts.agg(['min', 'max', 'size'])
    s['minutes'] = (s['max'] - s['min']).dt.total_seconds() / 60
    sg = s.groupby(level=0)
    out['sessions'] = sg.size()
    out['session_events_mean'] = sg['size'].mean()
    out['session_minutes_mean'] = sg['minutes'].mean()
    hours = (gap[gap > 0] / 3600).groupby(d.user[gap > 0])
    out['gap_hours_mean'] = hours.mean()
    out['gap_hours_median'] = hours.median()
    out['gap_hours_std'] = hours.std()
    out['hour_of_day'] = list(pd.crosstab(d.user, d.ts.dt.hour, normalize='index')
                              .reindex(columns=range(24), fill_value=0).values.astype('float32'))
    out['day_of_week'] = list(pd.crosstab(d.user, d.ts.dt.dayofweek, normalize='index')
                              .reindex(columns=range(7), fill_value=0).values.astype('float32'))
    out['first_seen'] = g.ts.min()
    out['last_seen'] = g.ts.max()
    out['tenure_days'] = (ref - out.first_seen).dt.total_seconds() / 86400
    out['recency_days'] = (ref - out.last_seen).dt.total_seconds() / 86400
    if 'invoice' in d:
        out['orders'] = g.invoice.nunique()
        out['total_amount'] = g.amount.sum()
        out['avg_basket'] = out.total_amount / out.orders
        out['avg_price'] = g.price.mean()
    return out


SEGMENTS = [('Champions', 4, 5, 4, 5), ('Loyal', 3, 3, 4, 5), ('Loyal', 4, 5, 3, 3), ('Potential Loyalist', 4, 5, 2, 2),
            ('New', 5, 5, 1, 1), ('Promising', 4, 4, 1, 1), ('Need Attention', 3, 3, 3, 3), ('About to Sleep', 3, 3, 1, 2),
            ('At Risk', 2, 2, 4, 5), ('At Risk', 1, 2, 3, 3), ('Cannot Lose', 1, 1, 4, 5), ('Hibernating', 1, 2, 2, 2),
            ('Lost', 1, 2, 1, 1)]


def rfm(df):
    ref = reference(df)
    g = df.groupby('user')
    frequency = g.invoice.nunique() if 'invoice' in df else g.size()
    r = pd.DataFrame({'recency': (ref - g.ts.max()).dt.days, 'frequency': frequency, 'monetary': g.amount.sum()})
    n = len(r)

    def score(s):
        return np.clip(np.ceil(5 * s.rank(method='average') / n - 1e-9), 1, 5).astype(int)

    r['r'], r['f'], r['m'] = score(-r.recency), score(r.frequency), score(r.monetary)
    r['fm'] = (r.f + r.m + 1) // 2
    grid = {(a, b): name for name, r0, r1, f0, f1 in SEGMENTS for a in range(r0, r1 + 1) for b in range(f0, f1 + 1)}
    r['segment'] = pd.Series(list(zip(r.r, r.fm)), index=r.index).map(grid)
    r['rfm_score'] = r.r.astype(str) + r.f.astype(str) + r.m.astype(str)
    return r


def interests(df, items, attribute, half_life=30.0):
    ref = reference(df)
    e = df[['user', 'item', 'ts']].merge(items[['item', attribute]], on='item', how='inner')
    if e[attribute].dtype == object:
        e[attribute] = e[attribute].str.split('|')
        e = e.explode(attribute)
    e['w'] = np.power(0.5, (ref - e.ts).dt.total_seconds() / 86400 / half_life)
    s = e.groupby(['user', attribute], observed=True).w.sum().rename('strength').reset_index()
    s['weight'] = s.strength / s.groupby('user').strength.transform('sum')
    share = s.groupby(attribute, observed=True).strength.sum()
    s['lift'] = s.weight / s[attribute].map(share / share.sum()).astype(float)
    top = s.sort_values(['user', 'weight'], ascending=[True, False]).groupby('user').head(5)
    tags = (attribute + ':' + top[attribute].astype(str)).groupby(top.user).agg(','.join)
    return s, tags


def retail():
    raw = pd.read_csv(f'{DATA}/online-retail/online_retail.csv', dtype={'InvoiceNo': str, 'StockCode': str})
    df = raw[raw.CustomerID.notna() & ~raw.InvoiceNo.str.startswith('C') & (raw.Quantity >= 0) & (raw.UnitPrice > 0)]
    df = pd.DataFrame({'user': df.CustomerID.astype('int64'), 'item': df.StockCode, 'ts': pd.to_datetime(df.InvoiceDate),
                       'price': df.UnitPrice, 'amount': df.Quantity * df.UnitPrice, 'invoice': df.InvoiceNo})
    items = df.groupby('item').price.median().rename('item_price').reset_index()
    items['price_band'] = pd.cut(items.item_price, [-np.inf, 1, 2, 5, 10, np.inf], right=False,
                                 labels=['<1', '1-2', '2-5', '5-10', '>=10'])
    return df, items, 'price_band'


def movielens():
    r = pd.read_csv(f'{DATA}/ml-100k/u.data', sep='\t', names=['user', 'item', 'rating', 'ts'])
    df = pd.DataFrame({'user': r.user, 'item': r.item, 'ts': pd.to_datetime(r.ts, unit='s'), 'amount': r.rating})
    genre_names = pd.read_csv(f'{DATA}/ml-100k/u.genre', sep='|', names=['genre', 'id']).genre.tolist()
    items = pd.read_csv(f'{DATA}/ml-100k/u.item', sep='|', encoding='latin-1', header=None)
    flags = items.iloc[:, 5:5 + len(genre_names)].values.astype(bool)
    genres = ['|'.join(g for g, on in zip(genre_names, row) if on) for row in flags]
    return df, pd.DataFrame({'item': items[0], 'genres': genres}), 'genres'


def best(fn, *args):
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


for name, load in (('online-retail', retail), ('ml-100k', movielens)):
    df, items, attribute = load()
    b, r, i = best(behavior, df), best(rfm, df), best(interests, df, items, attribute)
    print(f'{name} behavior {b}\n{name} rfm {r}\n{name} interests {i}\n{name} total {b + r + i}')
