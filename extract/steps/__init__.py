"""The steps that read one report's rows off its segmented text: meetings, lists, tasks, bulletins, tables.

Each step takes the report (`rows.Report`, fixed once read) and the rows found so far (`rows.Assembly`), and adds
what it finds as values (`rows.Found`); `extract.pipeline` runs them in order.
"""
