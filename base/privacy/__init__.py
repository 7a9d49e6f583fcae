"""Personal data in Chinese text: `base.privacy.detector.find_personal_data(text, names=...)`.

The openness review uses it to point a reviewer at ID numbers, phone numbers, addresses and
names before anything is published; it finds, it does not decide.
"""
