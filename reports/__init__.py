"""Statistics over both domains' records and the annual openness report
(政府信息公开工作年度报告, 国办公开办函〔2021〕30号).

Every figure is a condition on one of a few query sets (statistics.py): its count and the list
of items behind it come from the same condition, so a figure can always be checked item by
item. The report (annual.py) and the spreadsheet (spreadsheet.py) only arrange those figures.

Layering: reports reads the domains (interpretation, proposals), base and viewflow's task
table; it never imports workflows or web, and web imports it.
"""
