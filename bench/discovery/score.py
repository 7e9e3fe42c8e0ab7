#!/usr/bin/env python3
"""Scores discovery output against the fixtures' known truth: per language for the code scanner
(an endpoint is METHOD + template), per classification for the traffic classifier."""
import json
import os
import sys

fixtures, work, out_file = sys.argv[1], sys.argv[2], sys.argv[3]


def pr(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return round(precision, 4), round(recall, 4)


def score_code(corpus, prefix):
    """Per language: true and false positives and misses of the scanner over every project of a corpus."""
    code = {}
    directory = os.path.join(fixtures, corpus)
    if not os.path.isdir(directory):
        return code
    for name in sorted(os.listdir(directory)):
        if not os.path.isfile(os.path.join(directory, name, 'expected.txt')):
            continue
        with open(os.path.join(directory, name, 'expected.txt')) as f:
            expected = {l.strip() for l in f if l.strip() and not l.startswith('#')}
        with open(os.path.join(work, '%s-%s.json' % (prefix, name))) as f:
            result = json.load(f)
        found = {'%s %s' % (e['method'], e['template']) for e in result['endpoints']}
        language = result['endpoints'][0]['language'] if result['endpoints'] else name
        language = {'typescript': 'javascript'}.get(language, language)
        row = code.setdefault(language, {'tp': 0, 'fp': 0, 'fn': 0, 'projects': []})
        row['tp'] += len(found & expected)
        row['fp'] += len(found - expected)
        row['fn'] += len(expected - found)
        row['projects'].append({'project': name, 'expected': len(expected), 'found': len(found),
                                'falsePositives': sorted(found - expected), 'missed': sorted(expected - found)})
    for row in code.values():
        row['precision'], row['recall'] = pr(row['tp'], row['fp'], row['fn'])
    return code


code = score_code('code', 'code')
# Written without sight of the scanners or the fixtures above: the honest figure.
heldout = score_code('heldout', 'heldout')

with open(os.path.join(fixtures, 'traffic', 'labels.txt')) as f:
    labels = {l.strip() for l in f if l.strip() and not l.startswith('#')}
with open(os.path.join(work, 'traffic.json')) as f:
    report = json.load(f)
judged = set()
for e in report['inventory']:
    for c in e['classifications']:
        judged.add('%s %s %s' % (c, e['method'], e['template']))
traffic = {}
for c in sorted({l.split()[0] for l in labels} | {j.split()[0] for j in judged}):
    exp = {l for l in labels if l.startswith(c + ' ')}
    got = {j for j in judged if j.startswith(c + ' ')}
    p, r = pr(len(exp & got), len(got - exp), len(exp - got))
    traffic[c] = {'labelled': len(exp), 'found': len(got), 'precision': p, 'recall': r,
                  'falsePositives': sorted(got - exp), 'missed': sorted(exp - got)}

result = {'code': code, 'heldout': heldout, 'traffic': traffic, 'trafficRecords': report.get('records'), 'malformed': report.get('malformed')}
with open(out_file, 'w') as f:
    json.dump(result, f, indent=2)
def table(title, rows):
    if not rows:
        return
    print(title)
    print('| language | projects | endpoints | precision | recall |')
    print('|---|---|---:|---:|---:|')
    for language, row in sorted(rows.items()):
        print('| %s | %s | %d | %.3f | %.3f |' % (language, ', '.join(p['project'] for p in row['projects']),
                                               row['tp'] + row['fn'], row['precision'], row['recall']))
    for row in rows.values():
        for project in row['projects']:
            for kind in ('missed', 'falsePositives'):
                if project[kind]:
                    print('  %s %s: %s' % (project['project'], kind, ', '.join(project[kind])))
    print()


table('Code scanner, tuning fixtures (discovery/code):', code)
table('Code scanner, held-out corpus (discovery/heldout: written blind, scored blind once, since used for tuning):', heldout)
print('| classification | labelled | found | precision | recall |')
print('|---|---:|---:|---:|---:|')
for c, row in traffic.items():
    print('| %s | %d | %d | %.3f | %.3f |' % (c, row['labelled'], row['found'], row['precision'], row['recall']))
print('\n%s log records, %s malformed (reported, skipped)' % (report.get('records'), report.get('malformed')))
