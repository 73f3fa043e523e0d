from hiker import answer


def test_life_the_universe_and_everything():
    '''a simple example to start you off'''
    assert answer() == 42
