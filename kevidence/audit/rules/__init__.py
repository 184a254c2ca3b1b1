"""The audit rules, one module per concern; :data:`kevidence.audit.registry.RULE_MODULES`
lists them and the registry imports them (so they register) when the rules are first asked for.

Codes are stable: KE001-KE021 follow the order in which the rules were specified. The
article rules (KE101-KE111) live with the article reader, in :mod:`kevidence.audit.rules.article`;
the lookup rules (KE201-KE203) in :mod:`kevidence.audit.rules.lookup`.
"""
