"""Peer: the users table of bench/specs/users-orders.synth.yaml with Python Faker and the csv module.

Debian's python3-fake-factory (Faker 0.9) or any newer Faker. run.ts only starts this script when
`/usr/bin/python3 -c 'import faker'` works.

    /usr/bin/python3 bench/peers/python-faker.py ROWS OUT.csv

Prints one JSON line on stdout: {"rows": N, "ms": M}.
"""
import csv
import json
import random
import sys
import time
from datetime import datetime

started = time.perf_counter()
from faker import Faker  # noqa: E402  (timed, like the imports of the other peers)

rows, out = int(sys.argv[1]), sys.argv[2]
fake = Faker('en_US')
# seed_instance exists from Faker 0.7.x on; newer Fakers refuse seed() on an instance.
if hasattr(fake, 'seed_instance'):
    fake.seed_instance(7)
else:
    fake.seed(7)
rng = random.Random(7)
start, end = datetime(2020, 1, 1), datetime(2024, 12, 31, 23, 59, 59)
seen = set()


def age():
    while True:
        a = round(rng.gauss(41, 14))
        if 18 <= a <= 90:
            return a


with open(out, 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['id', 'uuid', 'first_name', 'last_name', 'email', 'age', 'balance', 'signed_up_at'])
    for i in range(1, rows + 1):
        email = fake.email()
        while email in seen:
            email = fake.email()
        seen.add(email)
        w.writerow([
            i,
            fake.uuid4(),
            fake.first_name(),
            fake.last_name(),
            email,
            age(),
            '%.2f' % rng.uniform(0, 10000),
            fake.date_time_between(start_date=start, end_date=end).strftime('%Y-%m-%dT%H:%M:%SZ'),
        ])

print(json.dumps({'rows': rows, 'ms': round((time.perf_counter() - started) * 1000)}))
