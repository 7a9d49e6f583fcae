"""Statistics over both domains' records and the annual openness report
(政府信息公开工作年度报告, 国办公开办函〔2021〕30号).

Every figure (figures.py) is a condition on one of a few sources (sources.py): its count and
the list of items behind it come from the same condition, so a figure can always be checked
item by item. What a person asks for is read in inputs.py, the working days per step are
counted in step_times.py and the portal's yearly aggregates in public.py. The report
(annual.py) and the spreadsheet (spreadsheet.py) only arrange those figures.

Layering: reports reads the domains (interpretation, proposals), base and viewflow's task
table; it never imports workflows or web, and web imports it.
"""
